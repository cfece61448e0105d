/** `import … from "@myriad/sdk"` in a pack: asc resolves a package import to <package>/index.ts in node_modules. */
export * from './assembly/index';
