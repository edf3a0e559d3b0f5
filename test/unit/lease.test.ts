// The poller lease over a real folder, on a fake clock: exactly one holder, a released lease is
// taken at the next heartbeat, a dead one (no heartbeat) within two, and two windows racing for a
// free lease end with one holder.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { LEASE_FILE, PollerLease } from '../../src/core/tasks/lease';
import { FakeClock } from './fake-clock';
import { nodeArea, tempFolder } from './node-files';

const HEARTBEAT = 500;

suite('Poller lease', () => {
  let folder: { dir: string; cleanup(): void };
  let clock: FakeClock;
  const leases: PollerLease[] = [];
  const lease = (owner: string) => {
    const l = new PollerLease(nodeArea(folder.dir), { heartbeatMs: () => HEARTBEAT, clock, owner });
    leases.push(l);
    return l;
  };
  /** One heartbeat of time for everyone; waits for the given leases' checks. */
  const beat = async (...who: PollerLease[]) => {
    clock.advance(HEARTBEAT);
    await Promise.all(who.map((l) => l.check()));
  };

  setup(() => { folder = tempFolder('aitre-lease-'); clock = new FakeClock(); });
  teardown(() => { leases.splice(0).forEach((l) => l.stop()); folder.cleanup(); });

  test('the first window takes the free lease; the second waits; the holder renews it', async () => {
    const a = lease('a');
    const b = lease('b');
    const changes: boolean[] = [];
    a.onDidChange((h) => changes.push(h));
    await a.start();
    await b.start();
    assert.deepEqual([a.isHolder(), b.isHolder()], [true, false]);
    for (let i = 0; i < 5; i++) await beat(a, b);
    assert.deepEqual([a.isHolder(), b.isHolder()], [true, false], 'a live heartbeat keeps the lease');
    assert.deepEqual(changes, [true]);
    const file = JSON.parse(fs.readFileSync(path.join(folder.dir, LEASE_FILE), 'utf8'));
    assert.equal(file.owner, 'a');
    assert.ok(file.beat >= 6);
  });

  test('a released lease is taken at the next heartbeat', async () => {
    const a = lease('a');
    const b = lease('b');
    await a.start();
    await b.start();
    await a.release();
    assert.equal(fs.existsSync(path.join(folder.dir, LEASE_FILE)), false);
    await beat(b);
    assert.equal(b.isHolder(), true);
  });

  test('a holder that stops (its host was killed) is replaced within two ticks, judged on the reader\'s clock', async () => {
    const a = lease('a');
    const b = lease('b');
    await a.start();
    await b.start();
    await beat(a, b);
    a.stop(); // no release: the file stays, its heartbeat stops changing
    let beats = 0;
    while (!b.isHolder()) {
      assert.ok(beats < 5, 'never taken over');
      await beat(b);
      beats++;
    }
    // Heartbeats are half a poll interval: its last beat may reach the reader one beat late, then
    // two silent beats make it stale. Three beats = one and a half ticks.
    assert.ok(beats <= 3, `took ${beats} heartbeats`);
    // The old holder, were it to come back, sees another owner and does not poll.
    const back = lease('a');
    await back.start();
    assert.equal(back.isHolder(), false);
  });

  test('two windows racing for a free lease end up with one holder after a heartbeat', async () => {
    const a = lease('a');
    const b = lease('b');
    await Promise.all([a.start(), b.start()]);
    await beat(a, b);
    await beat(a, b);
    assert.equal([a.isHolder(), b.isHolder()].filter(Boolean).length, 1);
  });

  test('a lease file that is not one (torn, foreign) counts as free', async () => {
    fs.writeFileSync(path.join(folder.dir, LEASE_FILE), '{"own');
    const a = lease('a');
    await a.start();
    assert.equal(a.isHolder(), true);
  });
});
