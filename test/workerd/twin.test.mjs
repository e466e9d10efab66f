// The JS twin (bench/twin/worker.mjs) against Helm: both Workers, run in Node (the same
// V8 as workerd) on copies of one seeded local D1, answer the same requests; they must
// send the same D1 statements (text, binds, batch grouping, in order) and answer the same
// status, content type and bytes. npm run bench holds Helm to the twin's figures, so a
// twin that drifted from Helm would make those figures lie. When Helm's statements change
// on purpose, this fails and bench/twin/worker.mjs is updated to match.
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { rmSync } from "node:fs";
import { answer, recordRun, request, seedShop, steps } from "../../bench/twin/scenario.mjs";
import { demoVars, freezeClock, importHelm, importTwin, replayDB } from "../../bench/twin/host.mjs";

const vars = demoVars();
let seeded;
const runs = {};

const statements = (calls) => calls.map((c) => c.statements);

before(async () => {
  const helm = await importHelm();
  seeded = await seedShop(helm, vars);
  runs.helm = await recordRun(helm, seeded, vars);
  runs.twin = await recordRun(importTwin(), seeded, vars);
});
after(() => {
  if (seeded) rmSync(seeded.persist, { recursive: true, force: true });
});

it("the seeded requests answer as a clerk's register expects (health, scans, a sale and its retry, an unknown code)", () => {
  assert.deepEqual(runs.helm.map((r) => r.answer.status), [200, 200, 200, 201, 200, 404]);
});

for (const i of steps({ barcode: "", sale: {} }).keys()) {
  it(`the twin sends Helm's D1 statements and answers Helm's bytes: ${steps({ barcode: "", sale: {} })[i].name}`, () => {
    const [helm, twin] = [runs.helm[i], runs.twin[i]];
    assert.deepEqual(statements(twin.calls), statements(helm.calls), `D1 statements of ${helm.step.name}`);
    assert.deepEqual(twin.answer, helm.answer, `answer to ${helm.step.name}`);
  });
}

it("a recorded run replays without D1: each Worker answers the same again from its own recording", async () => {
  for (const [name, worker] of [["helm", await importHelm()], ["twin", importTwin()]]) {
    for (const { step, answer: recorded, calls } of runs[name]) {
      const db = replayDB(calls);
      const thaw = freezeClock(step.at);
      try {
        const res = await worker.fetch(request(step.path, step), { ...vars, DB: db }, {});
        assert.deepEqual(await answer(res), recorded, `${name}: ${step.name}`);
        assert.ok(db.done, `${name}: ${step.name} made fewer D1 calls on replay`);
      } finally {
        thaw();
      }
    }
  }
});
