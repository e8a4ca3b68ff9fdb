import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runScenario } from '../src/experiment/run.ts';
import { explainRun } from '../src/experiment/explain.ts';
import { runCli } from '../src/cli/cli.ts';
import { small, tempDir, captureIo } from './helpers.ts';

test('explain replays a run for any citizen or company and matches the stored scores', async () => {
  const { dir: runsDir, cleanup } = tempDir();
  try {
    for (const name of ['rongcheng', 'sesame', 'seed-2020', 'nosedive', 'eight-pilots', 'fico', 'as-implemented', 'some-cities']) {
      const run = await runScenario(small(name, 1500, 90, { 'output.sampleRate': 0 }), { runsDir });
      for (const id of [0, 777, 1499]) {
        const why = await explainRun(run.dir, 'citizens', id);
        assert.equal(why.verified, true, `${name}: replay of citizen ${id} matches the run`);
        for (const s of why.scorers) {
          if (!s.scored) continue;
          const sum = s.history.reduce((a, l) => a + l.drift + l.delta, 0);
          assert.ok(Math.abs(s.start + sum - s.score) < 0.05, `${name}/${s.scorer}: lines sum to the score`);
        }
        assert.equal(why.gates.length, run.result.world.policy.gates.length);
      }
      if (run.result.world.policy.scorers.some((s) => s.kind === 'companies')) {
        const why = await explainRun(run.dir, 'companies', 3);
        assert.equal(why.verified, true);
        assert.equal(why.kind, 'companies');
      }
    }
    const rongcheng = (await import('node:fs')).readdirSync(runsDir).find((d) => d.includes('rongcheng'))!;
    const io = captureIo();
    assert.equal(await runCli(['explain', rongcheng, '42', '--runs', runsDir], io), 0);
    assert.match(io.stdout.join('\n'), /Citizen 42 in run .*\n[\s\S]*rongcheng \(Rongcheng citizen points\): [\d,.]+, tier \w+/);
    const json = captureIo();
    assert.equal(await runCli(['explain', rongcheng, '42', '--json', '--runs', runsDir], json), 0);
    const parsed = JSON.parse(json.stdout.join('\n'));
    assert.equal(parsed.id, 42);
    assert.equal(parsed.verified, true);
    assert.equal(await runCli(['explain', rongcheng, '999999', '--runs', runsDir], captureIo()), 2);
  } finally {
    cleanup();
  }
});

test('after an appeal re-run, explain replays it with the appeals: verified, and the score restored', async () => {
  const { appealRun } = await import('../src/experiment/appeal.ts');
  const { dir: runsDir, cleanup } = tempDir();
  try {
    const base = await runScenario(small('seed-2020', 2000, 40, { 'appeals.delayDays': 5, 'appeals.successIfWrongful': 1, 'appeals.successIfRightful': 1, 'output.sampleRate': 0 }), { runsDir });
    // a citizen's penalty of a day early enough to be decided within the run
    const w = base.result.world;
    const replay = (await import('../src/engine/simulate.ts')).startSimulation(w.scenario, { seed: w.seed, days: 40 });
    let target: { citizen: number; day: number } | undefined;
    while (!target && replay.step()) {
      const d = replay.world.day;
      if (d < 5 || d > 20) continue;
      const sc = replay.world.scoreChanges.cols;
      for (let j = 0; j < replay.world.scoreChanges.length && !target; j++)
        if (sc.delta[j] < 0 && replay.world.policy.scorers[sc.scorer[j]].kind === 'citizens') target = { citizen: sc.subject[j], day: d };
    }
    replay.close();
    assert.ok(target, 'a penalty to appeal');
    const appealed = await appealRun(base.dir, [target], { runsDir });
    const upheld = appealed.appeals.outcomes.filter((o) => o.filedBy === 'user' && o.upheld);
    assert.ok(upheld.length > 0, `an upheld appeal: ${JSON.stringify(appealed.appeals.outcomes)}`);
    const before = await explainRun(base.dir, 'citizens', target.citizen);
    const after = await explainRun(appealed.dir, 'citizens', target.citizen);
    assert.equal(after.verified, true, 'the replay with the appeals matches the appealed run');
    const restored = upheld.reduce((a, o) => a + o.restored, 0);
    const [b, a] = [before.scorers[0].score, after.scorers[0].score];
    assert.ok(a > b, `the explanation shows the restored score: ${b} -> ${a} (restored ${restored})`);
    // appeals add up: appealing the appealed run keeps the first appeal
    const { readAppeals } = await import('../src/store/appeals-file.ts');
    assert.deepEqual(readAppeals(appealed.dir).requests, [target]);
  } finally {
    cleanup();
  }
});

test('a replay can be stopped between days (Ctrl-C in credence explain): RunInterrupted, nothing written', async () => {
  const { RunInterrupted } = await import('../src/experiment/step.ts');
  const { dir: runsDir, cleanup } = tempDir();
  try {
    const run = await runScenario(small('rongcheng', 800, 40, { 'output.sampleRate': 0 }), { runsDir });
    let days = 0;
    await assert.rejects(explainRun(run.dir, 'citizens', 5, { shouldStop: () => ++days > 3 }), RunInterrupted);
    assert.equal(days, 4, 'stopped after the fourth day, not at the end');
  } finally {
    cleanup();
  }
});

test("explain tells a shamed citizen's days on the public screens, and says so of one never shown", async () => {
  const { dir: runsDir, cleanup } = tempDir();
  try {
    const run = await runScenario(small('seed-2020', 3000, 40), { runsDir }); // every citizen recorded, so the displays are
    const d = run.result.measurer.records.displays;
    assert.ok(d.length > 0, 'faces were shown');
    const shamed = d.cols.citizen[0];
    const io = captureIo();
    assert.equal(await runCli(['explain', run.dir, String(shamed), '--runs', runsDir], io), 0);
    const text = io.stdout.join('\n');
    assert.match(text, /Public screens: shown \d+ times?, \d+ days? in all/);
    assert.match(text, new RegExp(`days ${d.cols.day[0]} to \\d+ in district ${d.cols.district[0]}, for \\w+`));
    const shown = new Set(d.cols.citizen.subarray(0, d.length));
    const never = Array.from({ length: 3000 }, (_, i) => i).find((i) => !shown.has(i))!;
    const quiet = captureIo();
    assert.equal(await runCli(['explain', run.dir, String(never), '--runs', runsDir], quiet), 0);
    assert.match(quiet.stdout.join('\n'), /Public screens: the face was never shown\./);
  } finally {
    cleanup();
  }
});
