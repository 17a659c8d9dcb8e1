// The committed intent model is what `pnpm train:ai` makes of the committed labelled sets: the
// training examples the sets and today's code give hash to what the model records, and the model's
// weights still carry the signature the script wrote (a hand edit, or a set changed without
// retraining, fails here). `pnpm train:ai --check` retrains and compares byte for byte.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { StoredModel } from '../local-analyzer/model';
import { examplesDigest, TRAINING_OPTIONS } from './crossval';
import { loadDataset, TRAINING_FILES, unseenBlind } from './dataset';

const file = new URL('../local-analyzer/intent-model.json', import.meta.url);
const model = JSON.parse(readFileSync(file, 'utf8')) as StoredModel;

describe('the committed intent model', () => {
  it('was trained from the committed sets, by the committed code, and not edited since', async () => {
    const digest = createHash('sha256')
      .update(examplesDigest(await loadDataset(), TRAINING_OPTIONS))
      .digest('hex');
    expect(model.trainedFrom, 'run pnpm train:ai').toBe(digest);
    const signature = createHash('sha256')
      .update(model.trainedFrom)
      .update(JSON.stringify(model.models))
      .update(JSON.stringify(model.calibration))
      .digest('hex');
    expect(model.signature).toBe(signature);
    expect(model.options).toEqual({ bits: TRAINING_OPTIONS.bits, groups: TRAINING_OPTIONS.groups });
  });

  it('stays small, and never learns from a blind set not yet run', async () => {
    expect(readFileSync(file).length).toBeLessThan(400 * 1024);
    expect(TRAINING_FILES.some(unseenBlind)).toBe(false);
    expect(unseenBlind('blind6')).toBe(true);
    await expect(loadDataset(['blind6'])).rejects.toThrow('never trained on');
  });
});
