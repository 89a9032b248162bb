// Progress of a long job (a resolution, a metrics recompute) as plain events, for whoever shows them (the CLI
// draws bars). Loops tick as often as they like: a tick is one comparison until enough items have passed,
// and the listener hears at most every `every` items and every `intervalMs`, so it never costs per record.

/** One report: the phase running and how far it is. */
export interface ProgressEvent {
  phase: string;
  done: number;
  /** undefined while not known; a phase's last event has done === total */
  total?: number;
}

export type ProgressListener = (event: ProgressEvent) => void;

export interface ProgressOptions {
  /** Items between two reports at most (default 4096; fewer when the total is small: about 200 reports a phase). */
  every?: number;
  /** Milliseconds between two reports at least, phase starts and ends aside (default 100). */
  intervalMs?: number;
  now?: () => number;
}

/** What a loop inside a phase needs: tell the total once known, tick the items done. */
export interface PhaseTicker {
  setTotal(total: number): void;
  tick(done: number): void;
}

/** The phases of one job, in order; without a listener every call is a no-op. */
export class Progress implements PhaseTicker {
  private name: string | undefined;
  private total: number | undefined;
  private done = 0;
  /** the next `done` worth a look at the clock */
  private next = Infinity;
  private step = 1;
  private last = 0;
  private readonly every: number;
  private readonly intervalMs: number;
  private readonly now: () => number;

  constructor(private readonly listener?: ProgressListener, options: ProgressOptions = {}) {
    this.every = options.every ?? 4096;
    this.intervalMs = options.intervalMs ?? 100;
    this.now = options.now ?? Date.now;
  }

  /** Ends the running phase and starts this one. */
  phase(name: string, total?: number): void {
    if (!this.listener) return;
    this.end();
    this.name = name;
    this.done = 0;
    this.total = undefined;
    this.setTotal(total);
  }

  setTotal(total: number | undefined): void {
    if (!this.listener || this.name === undefined) return;
    this.total = total;
    this.step = total === undefined ? this.every : Math.max(1, Math.min(this.every, Math.ceil(total / 200)));
    this.next = this.done + this.step;
    this.emit();
  }

  tick(done: number): void {
    if (done < this.next) return;
    this.next = done + this.step;
    this.done = this.total === undefined ? done : Math.min(done, this.total);
    if (this.now() - this.last >= this.intervalMs) this.emit();
  }

  /** Ends the running phase: done = total (`total` when the count is known only now). */
  end(total?: number): void {
    if (!this.listener || this.name === undefined) return;
    this.total = total ?? this.total ?? this.done;
    this.done = this.total;
    this.emit();
    this.name = undefined;
    this.next = Infinity;
  }

  private emit(): void {
    this.last = this.now();
    this.listener!({ phase: this.name!, done: this.done, total: this.total });
  }
}
