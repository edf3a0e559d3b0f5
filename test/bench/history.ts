// A deterministic, realistic task history for the benchmark: finished Imagine grids with their
// nine buttons, and every fifth task an upscale child ("U1".."U4") of an earlier grid, so the tree
// has expanded rows. Shared by the Node part (scripts/bench.ts) and the extension-host part.
import type { MjTask, TaskRecord } from '../../src/shared/task';
import { gridButtons, upscaleButtons } from '../simulator/buttons';

const SUBJECTS = ['a red fox', 'a lighthouse', 'a castle on a hill', 'a blue heron', 'a paper boat', 'an old library', 'a neon street', 'a mountain lake'];
const STYLES = ['watercolor', 'oil painting', 'studio photo, 85mm', 'isometric render', 'ukiyo-e print', 'charcoal sketch'];

/** Time between two tasks: 5,000 tasks span about 104 days (≈ 100 day headings when grouped by day). */
export const TASK_SPACING_MS = 30 * 60_000;

/** `count` finished tasks, oldest first, TASK_SPACING_MS apart, the newest at `now`. */
export function makeHistory(count: number, now = Date.now()): TaskRecord[] {
  const records: TaskRecord[] = [];
  const idBase = 1_733_000_000_000_000;
  for (let i = 0; i < count; i++) {
    const id = String(idBase + i);
    const addedAt = now - (count - 1 - i) * TASK_SPACING_MS;
    const hash = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    const candidate = i % 5 === 4 ? records[i - 4] : undefined;
    const parent = candidate && candidate.status === 'SUCCESS' ? candidate : undefined;
    const child = parent !== undefined;
    const prompt = parent?.prompt ?? `${SUBJECTS[i % SUBJECTS.length]} at dawn, ${STYLES[i % STYLES.length]}, highly detailed --ar 3:2 --v 6`;
    const failed = !child && i % 23 === 0;
    const task: MjTask = {
      id,
      action: child ? 'UPSCALE' : 'IMAGINE',
      status: failed ? 'FAILURE' : 'SUCCESS',
      progress: 100,
      prompt,
      promptEn: prompt,
      finalPrompt: prompt,
      description: 'Submit success',
      imageUrl: failed ? '' : `https://gateway.example.com/mj/image/${id}`,
      videoUrls: [],
      failReason: failed ? 'Simulated failure: the job was rejected upstream' : '',
      buttons: failed ? [] : child ? upscaleButtons(hash) : gridButtons(hash),
      submitTime: addedAt,
      startTime: addedAt + 2_000,
      finishTime: addedAt + 40_000,
      botType: '',
      properties: { finalPrompt: prompt, finalZhPrompt: '' },
    };
    records.push({
      ...task,
      ...(parent ? { parentId: parent.id, originLabel: `U${(i % 4) + 1}` } : {}),
      addedAt,
      updatedAt: addedAt + 40_000,
      lastChangeAt: addedAt + 40_000,
      lastPolledAt: addedAt + 40_000,
    });
  }
  return records;
}

/** The (gateway task, local fields) pair `TaskStore.upsert` takes for a history record. */
export function asUpsert(record: TaskRecord): [MjTask, Partial<TaskRecord>] {
  // Plain object literals, as normaliseTask builds them for a gateway answer.
  const task: MjTask = {
    id: record.id, action: record.action, status: record.status, progress: record.progress, prompt: record.prompt,
    promptEn: record.promptEn, finalPrompt: record.finalPrompt, description: record.description, imageUrl: record.imageUrl, videoUrls: record.videoUrls,
    failReason: record.failReason, buttons: record.buttons, submitTime: record.submitTime, startTime: record.startTime,
    finishTime: record.finishTime, botType: record.botType, properties: record.properties,
  };
  const local: Partial<TaskRecord> = { addedAt: record.addedAt, updatedAt: record.updatedAt, lastChangeAt: record.lastChangeAt, lastPolledAt: record.lastPolledAt };
  if (record.parentId) local.parentId = record.parentId;
  if (record.originLabel) local.originLabel = record.originLabel;
  return [task, local];
}
