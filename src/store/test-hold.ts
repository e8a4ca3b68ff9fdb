/**
 * For the interruption tests (test/interrupt.test.ts): with CREDENCE_TEST_HOLD=<phase>[:ms] the
 * process says on stderr that it reached `phase` ("credence-test: at <phase>") and waits there
 * (default 4 s, or until a signal), so a test can send a signal at a known moment. Each phase holds once. Unset, it
 * does nothing.
 */
const held = new Set<string>();

export async function holdForTest(phase: string): Promise<void> {
  const setting = process.env.CREDENCE_TEST_HOLD;
  if (!setting || held.has(phase)) return;
  const [name, ms, deaf] = setting.split(':');
  if (name !== phase) return;
  held.add(phase);
  process.stderr.write(`credence-test: at ${phase}\n`);
  // a signal ends the wait: the process goes on as it would have, with the signal noted
  await new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    const timer = setTimeout(done, Number(ms ?? 4000));
    if (deaf) return; // <phase>:<ms>:deaf holds through signals (to test a second Ctrl-C)
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });
}
