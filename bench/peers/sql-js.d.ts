// The part of sql.js 1.13's API the bench peer uses (the package ships no types; @types/sql.js is not installed).
declare module 'sql.js' {
  export type SqlValue = number | string | Uint8Array | null;
  export interface Statement {
    bind(params: Record<string, SqlValue> | SqlValue[]): boolean;
    step(): boolean;
    getAsObject(): Record<string, SqlValue>;
    run(params?: SqlValue[]): void;
    free(): boolean;
  }
  export interface Database {
    run(sql: string): Database;
    prepare(sql: string): Statement;
    close(): void;
  }
  export interface SqlJsStatic {
    Database: new () => Database;
  }
  export default function initSqlJs(config?: { locateFile?: (file: string) => string }): Promise<SqlJsStatic>;
}
