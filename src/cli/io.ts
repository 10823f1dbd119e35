/** What a run of the CLI talks to: the real process, or buffers in in-process tests. */
export interface Stream {
  /** Returns false when the OS buffer is full: wait for `drain` (backpressure) before writing more. */
  write(s: string): unknown;
  /** The same for bytes already encoded as UTF-8 (lists and exports use it when offered: cheaper than strings). */
  writeBytes?(b: Uint8Array): unknown;
  isTTY?: boolean;
  /** The terminal's width and height, when it is one. */
  columns?: number;
  rows?: number;
  /** True once the reader has gone (a closed pipe): output is dropped, the command may stop early. */
  readonly closed?: boolean;
  /** Calls `fn` once the stream can take more (or once the reader has gone). */
  once?(event: 'drain', fn: () => void): unknown;
}

/** A pager's input (src/cli/pager.ts): written like stdout; `end()` waits until the reader has quit. */
export interface Pager extends Stream {
  end(): Promise<void>;
}

/** Answers prompts; the real one is @inquirer/prompts, tests inject a scripted one. */
export interface Prompter {
  input(q: { message: string; default?: string; validate?: (v: string) => true | string }): Promise<string>;
  select<T extends string>(q: { message: string; choices: { name: string; value: T; description?: string }[] }): Promise<T>;
  confirm(q: { message: string; default?: boolean }): Promise<boolean>;
}

export interface Io {
  stdout: Stream;
  stderr: Stream;
  stdinIsTTY: boolean;
  env: Record<string, string | undefined>;
  prompter?: Prompter;
  /** Starts a pager for a long list on a terminal (the real process: `$PAGER`, else `less -FRX`); none in tests unless given. */
  pager?: (command: string) => Pager | null;
  /** The OS user name (default operator). */
  user?: string;
}
