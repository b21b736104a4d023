// Read-only view of dynamic config (`mutt:config:<key>`) for hot paths. Values are cached and invalidated by
// `mutt:config:updates`; unparsable or missing values fall back to the caller's default.

export interface DynamicConfigReader {
  getNumber(key: string, fallback: number): Promise<number>;
  getString(key: string, fallback: string): Promise<string>;
}
