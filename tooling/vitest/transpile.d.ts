export interface TranspileOptions {
  /** the package's `src` directory (absolute) */
  source: string;
  /** names the temporary directory: `ws-compat-<name>-XXXXXX` */
  name: string;
  /** directory names left out at any depth; default `['_test']` */
  skip?: readonly string[] | undefined;
}

export interface TranspiledPackage {
  /** the temporary directory holding the `.js` files */
  directory: string;
  /** removes the directory */
  remove: () => void;
}

/** One TypeScript file as JavaScript, ES modules or CommonJS (types stripped, nothing checked). */
export declare function transpileFile(file: string, format: 'esm' | 'commonjs'): string;

/**
 * Transpiles a package's `src/` (every non-test `.ts`, subdirectories except `skip`) to ES modules in
 * a fresh temporary directory. Throws a `TypeError` with code `VITEST_CONFIG_BAD_OPTION` when `source`
 * is not a directory.
 */
export declare function transpilePackage(options: TranspileOptions): TranspiledPackage;
