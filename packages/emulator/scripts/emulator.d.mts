/** Types of `emulator.mjs`, the script behind `pnpm emulator`. */

/** The packages `journey-emulator` is built from, in build order. */
export declare const EMULATOR_PACKAGES: readonly string[];

/** The latest modification time (ms) of a file, or of any file under a folder; 0 when missing. */
export declare function newestChange(path: string): number;

/** Why each package that needs building does; empty when every `dist` is current. */
export declare function staleBuilds(packagesDir: string): { name: string; reason: string }[];
