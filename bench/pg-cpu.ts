import fs from 'node:fs';
import { Client } from 'pg';
import { PG_ADMIN_URL } from '../src/db/scratch-postgres';

const TICKS_PER_SECOND = 100; // USER_HZ: Linux reports /proc/<pid>/stat times in 1/100 s on every architecture

/** utime + stime of one process, µs, or null once it has gone. */
function processMicros(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces, inside parentheses): state is field 3, utime 14, stime 15.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(rest[11]) + Number(rest[12])) * 1_000_000) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/**
 * CPU of the PostgreSQL backends serving one database, read from /proc (the server runs on this machine). A
 * snapshot is per backend; `since` charges a backend that started after the first snapshot from zero. Work of the
 * shared processes (WAL writer, checkpointer) is nobody's in particular and left out.
 */
export class PgCpu {
  private constructor(private readonly admin: Client) {}

  static async open(): Promise<PgCpu | null> {
    const admin = new Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
    try {
      await admin.connect();
      await admin.query('select 1');
      if (!fs.existsSync('/proc/self/stat')) throw new Error('no /proc');
    } catch {
      await admin.end().catch(() => undefined);
      return null;
    }
    return new PgCpu(admin);
  }

  async snapshot(database: string): Promise<Map<number, number>> {
    const { rows } = await this.admin.query<{ pid: number }>(
      'select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [database],
    );
    const out = new Map<number, number>();
    for (const { pid } of rows) {
      const us = processMicros(pid);
      if (us !== null) out.set(pid, us);
    }
    return out;
  }

  /** µs the database's backends spent since `before`. */
  async since(database: string, before: Map<number, number>): Promise<number> {
    const after = await this.snapshot(database);
    let total = 0;
    for (const [pid, us] of after) total += us - (before.get(pid) ?? 0);
    return total;
  }

  close(): Promise<void> {
    return this.admin.end();
  }
}
