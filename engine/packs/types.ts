/**
 * Types shared by the pack loader (gateway side) and the pack runtime (world side).
 * A LoadedPackSpec is plain data so it can cross the worker boundary.
 */

export interface CommandSpec {
  readonly verb: string;
  readonly aliases?: readonly string[];
  readonly help: string;
  readonly usage?: string;
  readonly admin?: boolean;
  /** Only builders (and admins) may run it: in-game building (the `building` pack). */
  readonly builder?: boolean;
  /** Talking to others (say, tell, chat): refused while the character is muted (`@mute`, docs/decisions/0041). */
  readonly talk?: boolean;
  /** Offered lines whose first word is no command (docs/packs.md). */
  readonly fallback?: boolean;
  /** A state from the manifest's `states`: listed and run only for a character in it. */
  readonly when?: string;
}

/** A named state of a character, read from one of the pack's components (docs/packs.md). */
export interface StateSpec {
  readonly component: string;
  readonly field?: string;
  readonly equals: string | number | boolean | null;
  readonly ifMissing?: boolean;
  readonly otherwise: string;
}

export interface ConfigVarSpec {
  readonly schema?: Record<string, unknown>;
  readonly default?: unknown;
  readonly description?: string;
}

/** What a pack asks for (manifest) and what an operator grants (config): same shape. */
export interface Capabilities {
  /** Components of other packs it may read (its own `<pack>.*` are always readable). */
  readonly read?: readonly string[];
  /** Components it may write; only keys in its own namespace are ever allowed. */
  readonly write?: readonly string[];
  readonly spawn?: boolean;
  readonly move?: boolean;
  readonly query?: boolean;
  /** Event types it may emit. */
  readonly emit?: readonly string[];
  /** Event types it may subscribe to. */
  readonly subscribe?: readonly string[];
  /** Output scopes: actor, room, all, direct. */
  readonly send?: readonly ('actor' | 'room' | 'all' | 'direct')[];
  readonly random?: boolean;
  readonly timers?: boolean;
  readonly config?: boolean;
  /** GMCP packages it may publish (issue: clients). */
  readonly gmcp?: readonly string[];
  /** Run command lines as NPC entities (kind `npc`) through the router (`myriad_act`, decision 0018). */
  readonly act?: boolean;
  /**
   * GMCP packages from clients it receives, as `gmcp.received` events: exact names
   * ("Char.Skills.Get") or a package and everything under it ("Char.Skills.*").
   * `Core.*` stays with the host.
   */
  readonly gmcpReceive?: readonly string[];
  /**
   * Other packs' components it may write (set, delete, spawn with), each one its
   * owner declares `buildable`: what the `building` pack needs to dig rooms and
   * link exits that the rooms pack owns. The owner's schema still checks every value.
   */
  readonly build?: readonly string[];
}

export interface PackLimits {
  /** Wall-clock budget of one call, ms. */
  readonly wallMs: number;
  /** Guest memory cap in 64 KiB pages (the module's declared maximum must not exceed it). */
  readonly memoryPages: number;
  readonly maxInputBytes: number;
  readonly maxOutputBytes: number;
  readonly maxEffects: number;
  readonly maxHostCalls: number;
  readonly maxLogBytes: number;
  /** Timers the pack may have waiting at once (scheduling past it is a fault). */
  readonly maxPendingTimers: number;
  /** Timers it may schedule, and that fire for it, per second (more scheduled is a fault; more due wait). */
  readonly timerCallsPerSecond: number;
}

export interface PackManifest {
  readonly name: string;
  readonly version: string;
  readonly description?: string;
  readonly engine: string;
  readonly abi: string;
  readonly wasm: string;
  readonly sha256?: string;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly commands?: readonly CommandSpec[];
  /** Named states commands may require (`when`), read by the host from the pack's own components. */
  readonly states?: Readonly<Record<string, StateSpec>>;
  readonly events?: {
    readonly emits?: readonly string[];
    readonly subscribes?: readonly string[];
    /** JSON Schema of each emitted event type's payload. */
    readonly schemas?: Readonly<Record<string, Record<string, unknown>>>;
  };
  readonly components?: Readonly<Record<string, Record<string, unknown>>>;
  readonly capabilities?: Capabilities;
  /** Its components another pack granted `build` may write (in-game building). */
  readonly buildable?: readonly string[];
  /** Entity kinds the pack may spawn (with the `spawn` grant); "character" is the engine's. */
  readonly spawns?: readonly string[];
  readonly limits?: Partial<PackLimits>;
  readonly config?: Readonly<Record<string, ConfigVarSpec>>;
  readonly world?: string;
  /** Export that migrates stored component values when a schema changes incompatibly. */
  readonly migrations?: Readonly<Record<string, string>>;
}

/** A pack ready to instantiate: manifest, effective grants, limits, config values, bytes. */
export interface LoadedPackSpec {
  readonly manifest: PackManifest;
  readonly dir: string;
  readonly wasm: Uint8Array<ArrayBuffer>;
  readonly grants: Capabilities;
  readonly limits: PackLimits;
  readonly config: Readonly<Record<string, unknown>>;
  /** Parsed world file for `myriad_seed`, when the manifest names one. */
  readonly world: unknown;
}
