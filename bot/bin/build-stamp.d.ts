// Types for build-stamp.js (plain JavaScript: the bin runs it before anything is compiled).
export declare const stampName: string;
export declare function workspacePackages(root: string): string[];
export declare function stampText(builtAtMs: number): string;
export declare function staleBuilds(root: string, skip?: string[]): Array<{ name: string; reason: string }>;
