// Speak Selection's "how to speak" line: offered (optional) for a model that takes `instructions`
// (gpt-4o-mini-tts), sent with the request; for tts-1 the voice picker says plainly that it takes none.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startSimulator, type Simulator } from '../simulator';
import { useWorkbench, type Workbench } from './harness';
import { requestsSince, setApiKey, waitUntil } from './steps';

const NOTES = '# Notes\n\nGood night, little fox.\n';

async function speakLine3(wb: Workbench): Promise<void> {
  await wb.openFile('notes.md');
  await wb.selectLine(3);
  await wb.runCommand('AITRE: Speak Selection', { waitClosed: false });
}

const audioIn = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.wav')) : []);

for (const model of ['gpt-4o-mini-tts', 'tts-1'] as const) {
  suite(`e2e: Speak Selection with ${model}`, function () {
    this.timeout(180_000);
    let sim: Simulator;

    suiteSetup(async () => { sim = await startSimulator({ speed: 'test' }); });
    suiteTeardown(async () => { await sim?.close(); });

    const session = useWorkbench(() => ({
      settings: { 'aitre.baseUrl': sim.url, 'aitre.models.speech': model },
      files: { 'notes.md': NOTES },
    }));

    setup(async function () {
      this.timeout(60_000);
      await setApiKey(session.wb, sim.apiKey);
    });

    if (model === 'gpt-4o-mini-tts') {
      test('an optional "how to speak" line is asked and sent as instructions', async () => {
        const { wb } = session;
        const since = requestsSince(sim);
        const dir = path.join(wb.workspace, 'assets', 'aitre', 'audio');
        const earlier = new Set(audioIn(dir));
        await speakLine3(wb);
        await wb.quickInputPick('nova');
        await wb.quickInputPick('wav');
        await wb.quickInputTitled('how to speak (optional, gpt-4o-mini-tts)');
        await wb.quickInputFill('slowly and softly, like a bedtime story');
        await wb.screenshot('speech-01-how-to-speak');
        await wb.quickInputAccept();
        const request = await waitUntil('the speech request', () => since('POST /v1/audio/speech')[0]);
        assert.deepEqual((request.body as { instructions?: string; voice: string }).instructions, 'slowly and softly, like a bedtime story');
        await waitUntil('the audio file', () => audioIn(dir).some((f) => !earlier.has(f)));
      });
    } else {
      test('the voice picker says tts-1 takes no instructions, and none are asked or sent', async () => {
        const { wb } = session;
        const since = requestsSince(sim);
        await speakLine3(wb);
        await wb.quickInputTitled('Speak Selection — voice');
        assert.match((await wb.quickInputState()).placeholder, /tts-1 reads the text as it is: it takes no "how to speak" instructions \(gpt-4o-mini-tts does\)/);
        await wb.quickInputPick('nova');
        await wb.quickInputPick('wav');
        const request = await waitUntil('the speech request', () => since('POST /v1/audio/speech')[0]);
        assert.equal((request.body as { instructions?: string }).instructions, undefined);
      });
    }
  });
}
