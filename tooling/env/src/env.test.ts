import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineEnv } from './env';

describe('defineEnv', () => {
  const shape = {
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    REDIS_URL: z.url().optional(),
  };

  it('applies defaults, and treats an empty variable as unset', () => {
    expect(defineEnv(shape, { PORT: '', REDIS_URL: undefined })).toEqual({ PORT: 3000 });
  });

  it('names every wrong variable and what was wrong', () => {
    expect(() => defineEnv(shape, { PORT: 'eighty', REDIS_URL: 'localhost' })).toThrow(
      /Invalid environment configuration:\n {2}PORT: .*"eighty"[\s\S]*REDIS_URL: .*"localhost"/,
    );
  });
});
