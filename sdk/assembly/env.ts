/**
 * The host functions of `myriad:host/v1` (docs/abi.md), declared once here.
 * asc emits an import only for the functions a pack actually reaches, which
 * matters: the engine refuses a module that imports a host function its pack
 * was not granted (link-time capability check).
 */

// Each request is the offset of UTF-8 JSON in Extism memory; each answer is 0
// or the offset of an {"ok":…}/{"err":…} envelope.
@external("extism:host/user", "myriad_get")
export declare function myriad_get(req: u64): u64;
@external("extism:host/user", "myriad_set")
export declare function myriad_set(req: u64): u64;
@external("extism:host/user", "myriad_del")
export declare function myriad_del(req: u64): u64;
@external("extism:host/user", "myriad_spawn")
export declare function myriad_spawn(req: u64): u64;
@external("extism:host/user", "myriad_move")
export declare function myriad_move(req: u64): u64;
@external("extism:host/user", "myriad_query")
export declare function myriad_query(req: u64): u64;
@external("extism:host/user", "myriad_emit")
export declare function myriad_emit(req: u64): u64;
@external("extism:host/user", "myriad_send")
export declare function myriad_send(req: u64): u64;
@external("extism:host/user", "myriad_schedule")
export declare function myriad_schedule(req: u64): u64;
@external("extism:host/user", "myriad_config")
export declare function myriad_config(req: u64): u64;
@external("extism:host/user", "myriad_log")
export declare function myriad_log(req: u64): u64;
@external("extism:host/user", "myriad_act")
export declare function myriad_act(req: u64): u64;
@external("extism:host/user", "myriad_despawn")
export declare function myriad_despawn(req: u64): u64;

// Raw values, no envelope.
@external("extism:host/user", "myriad_rand")
export declare function myriad_rand(): u64;
@external("extism:host/user", "myriad_now")
export declare function myriad_now(): u64;
@external("extism:host/user", "myriad_gmcp")
export declare function myriad_gmcp(req: u64): u64;
