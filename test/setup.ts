import 'reflect-metadata';
import type { Context } from 'mocha';
import { setLogDestination } from '../src/log';
import { logCapture } from './helpers/log-capture';

process.env.NODE_ENV ??= 'test';

// The gateway's log stays out of the report: kept in memory, shown under a test only when it fails.
setLogDestination(logCapture);

let mark = 0;
export const mochaHooks = {
  beforeEach(): void {
    mark = logCapture.mark();
  },
  afterEach(this: Context): void {
    if (this.currentTest?.state !== 'failed') return;
    const lines = logCapture.since(mark);
    if (lines.length > 0)
      console.log(`      gateway log during this test:\n${lines.map((l) => `        ${l}`).join('\n')}`);
  },
};
