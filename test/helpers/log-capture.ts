import type { DestinationStream } from 'pino';

/** Lines kept; older ones are dropped so a whole run's logs cannot grow without bound. */
const KEEP = 20_000;

/**
 * Where the gateway's log goes during tests (test/setup.ts points it here): kept in memory, printed only for a
 * failed test, and read by tests that check what the log says.
 */
class LogCapture implements DestinationStream {
  private kept: string[] = [];
  private dropped = 0;

  write(line: string): void {
    this.kept.push(line.endsWith('\n') ? line.slice(0, -1) : line);
    if (this.kept.length > KEEP * 1.5) {
      this.dropped += this.kept.length - KEEP;
      this.kept = this.kept.slice(-KEEP);
    }
  }

  /** A position to read from later with `since`. */
  mark(): number {
    return this.dropped + this.kept.length;
  }

  /** The raw lines written after `mark` (as many as are still kept). */
  since(mark = 0): string[] {
    return this.kept.slice(Math.max(0, mark - this.dropped));
  }

  /** The lines written after `mark`, parsed. */
  entries(mark = 0): Record<string, unknown>[] {
    return this.since(mark).map((l) => JSON.parse(l) as Record<string, unknown>);
  }
}

export const logCapture = new LogCapture();
