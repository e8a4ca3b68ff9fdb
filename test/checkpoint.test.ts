import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseScenario } from '../src/load/scenario.ts';
import { simulate } from '../src/engine/simulate.ts';
import { stateDigest } from '../src/engine/checkpoint.ts';
import { metricsDigest } from '../src/measure/series.ts';
import { runSummary } from '../src/measure/run-summary.ts';
import { runScenario } from '../src/experiment/run.ts';
import { branchScenario } from '../src/experiment/branch.ts';
import { compare } from '../src/experiment/compare.ts';
import { readCheckpoint } from '../src/store/checkpoint-file.ts';
import { queryRun } from '../src/store/read-run.ts';
import { runCli } from '../src/cli/cli.ts';
import { tempDir, captureIo } from './helpers.ts';

/** A small city with every kind of state: a partly enrolled scorer made mandatory on day 30, a gate from day 35, lists, appeals, a sample of recorded citizens. */
const YAML = `name: branching
extends: rongcheng
days: 60
population: { citizens: 1200 }
output: { sampleRate: 0.05 }
set: { "scorers.0.enrolment": 0.5 }
schedule:
  - day: 30
    set: { "scorers.0.enrolment": 1, "city.camerasPerThousand": 800 }
`;

const loaded = () => parseScenario(YAML, 'branching.yaml');

test('a run continued from its own checkpoint is identical to the uninterrupted run, for 1 and 2 threads', async () => {
  const { dir, cleanup } = tempDir();
  try {
    for (const source of [1, 2]) {
      // checkpoints before and after the schedule's change, taken on `source` threads
      const full = await runScenario(loaded(), { runsDir: dir, workers: source, checkpointAt: [20, 40] });
      assert.deepEqual(
        full.checkpoints.map((f) => f.slice(full.dir.length + 1)),
        ['checkpoint-day-20.bin', 'checkpoint-day-40.bin'],
      );
      const want = { metrics: metricsDigest(full.result), state: stateDigest(full.result.world, full.result.measurer) };
      for (const file of full.checkpoints) {
        const checkpoint = readCheckpoint(file);
        for (const workers of [1, 2]) {
          const continued = await runScenario(branchScenario(checkpoint, { file }), { runsDir: dir, workers, from: checkpoint });
          const r = continued.result;
          assert.equal(metricsDigest(r), want.metrics, `${file} continued on ${workers} threads (checkpoint taken on ${source}): the same metrics`);
          assert.equal(stateDigest(r.world, r.measurer), want.state, `${file} continued on ${workers} threads: the same state, every column`);
          const stored = async (d: string) => JSON.stringify(await queryRun(d, 'SELECT * FROM citizens ORDER BY id'));
          assert.equal(await stored(continued.dir), await stored(full.dir), 'the same citizens stored');
        }
      }
    }
  } finally {
    cleanup();
  }
});

test('a run continued with a change differs from the uninterrupted run from the checkpoint day on only, and replays from day 0', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const full = await runScenario(loaded(), { runsDir: dir, checkpointAt: [25] });
    const checkpoint = readCheckpoint(full.checkpoints[0]);
    const branched = branchScenario(checkpoint, { set: { 'observe.fpir': 0.2, 'scorers.0.transparency': 'secret' } });
    assert.deepEqual(branched.scenario.schedule.at(-1)?.day, 25, 'the change is a change of the schedule on the checkpoint day');
    const continued = await runScenario(branched, { runsDir: dir, from: checkpoint });
    const rows = (r: typeof full) => {
      const { day, metric, value } = r.result.measurer.log.cols;
      return Array.from({ length: r.result.measurer.log.length }, (_, j) => ({ day: day[j], metric: metric[j], value: value[j] }));
    };
    const a = rows(full),
      b = rows(continued);
    assert.equal(a.length, b.length);
    const differ = a.filter((x, j) => !Object.is(x.value, b[j].value));
    assert.ok(differ.length > 0, 'the change changes the run');
    assert.ok(
      differ.every((x) => x.day >= 25),
      `the days before the checkpoint are the checkpoint's (first difference on day ${differ[0]?.day})`,
    );
    // the stored scenario alone gives the same run from day 0: explain and whatif replay it
    assert.equal(metricsDigest(simulate(branched.scenario)), metricsDigest(continued.result));
  } finally {
    cleanup();
  }
});

test('a checkpoint that is cut short, corrupt, of another version or not one is refused with exit 2, as are changes a run cannot take', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const runs = join(dir, 'runs');
    const io = captureIo();
    assert.equal(await runCli(['run', 'none', '-p', '400', '-d', '12', '--checkpoint-at', '6', '--out', runs, '--quiet', '--no-report'], io), 0, io.stderr.join('\n'));
    const run = readdirSync(runs).find((d) => !d.startsWith('.'))!;
    const good = join(runs, run, 'checkpoint-day-6.bin');
    assert.ok(existsSync(good));
    const bytes = readFileSync(good);
    const variants: [string, Buffer, RegExp][] = [
      ['cut.bin', bytes.subarray(0, Math.floor(bytes.length * 0.7)), /cut short/],
      ['flipped.bin', Buffer.from(bytes.map((v, i) => (i === bytes.length - 100 ? v ^ 0xff : v))), /corrupt/],
      ['longer.bin', Buffer.concat([bytes, Buffer.from('x')]), /corrupt/],
      [
        'other.bin',
        Buffer.from(
          bytes.toString('latin1').replace(/"version":"[^"]*"/, (v) => `"version":"${'9'.repeat(v.length - 12)}"`),
          'latin1',
        ),
        /written by Credence 9+/,
      ],
      ['text.bin', Buffer.from('days: 3\n'), /not a Credence checkpoint/],
    ];
    for (const [name, content, message] of variants) {
      writeFileSync(join(dir, name), content);
      const bad = captureIo();
      assert.equal(await runCli(['run', '--from', join(dir, name), '--out', runs, '--quiet'], bad), 2, name);
      assert.match(bad.stderr.join('\n'), message, name);
    }
    const refused: [string[], RegExp][] = [
      [['--set', 'population.citizens=5'], /--set: population.citizens cannot change during a run/],
      [['--set', 'seed=5'], /seed cannot change from a checkpoint/],
      [['-p', '5'], /--population cannot change from a checkpoint/],
      [['--days', '5'], /needs more than 6 days/],
      [['--checkpoint-at', '3'], /from 7 to 11/],
      [['none'], /give no scenario/],
      [['--set', 'observe.fpir=lots'], /--set: observe.fpir/],
    ];
    for (const [args, message] of refused) {
      const bad = captureIo();
      assert.equal(await runCli(['run', '--from', good, '--out', runs, '--quiet', ...args], bad), 2, args.join(' '));
      assert.match(bad.stderr.join('\n'), message, args.join(' '));
    }
    // a run holding one checkpoint stands for it; continued with a change and a later checkpoint
    const ok = captureIo();
    assert.equal(
      await runCli(['run', '--from', join(runs, run), '--set', 'observe.fpir=0.1', '--days', '14', '--checkpoint-at', '10', '--out', runs, '--quiet', '--no-report'], ok),
      0,
      ok.stderr.join('\n'),
    );
    assert.ok(existsSync(join(ok.stdout[0], 'checkpoint-day-10.bin')));
  } finally {
    cleanup();
  }
});

test('compare branches both arms from one checkpoint: replication 0 of A is the checkpoint run itself', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const full = await runScenario(loaded(), { runsDir: dir, checkpointAt: [30] });
    const file = full.checkpoints[0];
    const checkpoint = readCheckpoint(file);
    const a = branchScenario(checkpoint, { file });
    const b = branchScenario(checkpoint, { set: { 'observe.fpir': 0.2 }, file });
    const c = await compare(a, b, { replications: 2, workers: 1, from: file });
    assert.deepEqual(c.seeds, [checkpoint.seed, checkpoint.seed + 1]);
    const whole = runSummary(full.result);
    for (const m of ['acts.jaywalking', 'penalties.wrongful', 'stress.mean']) assert.equal(c.values.get(m)?.a[0], whole.get(m), `${m}: arm A of replication 0 is the run the checkpoint came from`);
    assert.ok((c.effects.get('faces.wrongful_matches')?.diff ?? 0) > 0, 'B, with more false matches from day 30, has more');
    // replication 1 continues the same state with other draws: it differs from the first
    assert.notEqual(c.values.get('acts.jaywalking')?.a[1], c.values.get('acts.jaywalking')?.a[0]);
    const io = captureIo();
    assert.equal(await runCli(['compare', '--from', file, '--set-b', 'observe.fpir=0.2', '-r', '2', '-w', '1', '--out', dir, '--quiet'], io), 0, io.stderr.join('\n'));
    assert.match(io.stdout.join('\n'), /branched from/);
    const bad = captureIo();
    assert.equal(await runCli(['compare', 'none', '--from', file, '--out', dir, '--quiet'], bad), 2);
  } finally {
    cleanup();
  }
});
