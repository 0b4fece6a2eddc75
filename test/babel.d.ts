// The part of @babel/core 8 the compiler tests call (the package ships no types).
declare module '@babel/core' {
  export function transformSync(
    code: string,
    options: { filename: string; configFile: false; babelrc: false; presets: unknown[] },
  ): { code: string | null } | null;
}
