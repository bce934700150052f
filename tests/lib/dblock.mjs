// Holding a test database's write side from another process, as a long
// transaction of some other program would: on SQLite the write lock itself
// (BEGIN IMMEDIATE in the sqlite3 shell), on PostgreSQL an EXCLUSIVE lock
// on one table (reads go on, writes to it wait).
import { spawn, execFileSync } from 'node:child_process';
import { backend } from './server.mjs';

// Whether another client holds the write side of db (table on PostgreSQL).
export function writesHeld(db, table) {
  if (backend === 'pg') {
    return Number(execFileSync('psql', ['-XAtq', db, '-c',
      'SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation' +
      ` WHERE c.relname = '${table}' AND l.mode = 'ExclusiveLock' AND l.granted`]).toString().trim()) > 0;
  }
  try {
    execFileSync('sqlite3', ['-cmd', '.timeout 0', db, 'BEGIN IMMEDIATE; ROLLBACK;'], { stdio: 'pipe' });
    return false;
  } catch {
    return true;	// "database is locked"
  }
}

// Takes the write side of db (table on PostgreSQL) in another process;
// resolves once it is held, to { release() }, which commits and resolves
// when that process has gone.
export async function holdWrites(db, table) {
  const p = backend === 'pg'
    ? spawn('psql', ['-qX', db], { stdio: ['pipe', 'ignore', 'inherit'] })
    : spawn('sqlite3', [db], { stdio: ['pipe', 'ignore', 'inherit'] });
  p.stdin.write(backend === 'pg'
    ? `BEGIN; LOCK TABLE ${table} IN EXCLUSIVE MODE;\n`
    : '.timeout 5000\nBEGIN IMMEDIATE;\n');
  const exited = new Promise((res) => p.on('close', res));
  for (let i = 0; !writesHeld(db, table); i++) {
    if (i === 400) throw new Error('the lock was never taken');
    await new Promise((r) => setTimeout(r, 25));
  }
  return { release: () => { p.stdin.end('COMMIT;\n'); return exited; } };
}
