import { describe, expect, it } from 'vitest';
import { CircuitOpenError, type CircuitState, createCircuit } from './circuit';

const failing = () => Promise.reject(new Error('down'));
const answering = () => Promise.resolve('dependency');
const fallback = (error: unknown) => (error instanceof CircuitOpenError ? 'skipped' : 'fallback');

function clockedCircuit() {
  let time = 0;
  const changes: CircuitState[] = [];
  let attempts = 0;
  const circuit = createCircuit({
    failures: 3,
    cooldownMs: 1_000,
    now: () => time,
    onChange: (state) => changes.push(state),
  });
  return {
    circuit,
    changes,
    advance: (ms: number) => {
      time += ms;
    },
    counted:
      <T>(attempt: () => Promise<T>) =>
      () => {
        attempts += 1;
        return attempt();
      },
    attempts: () => attempts,
  };
}

describe('circuit', () => {
  it('answers with the dependency while it works, and with the fallback when a call fails', async () => {
    const { circuit } = clockedCircuit();
    expect(await circuit.run(answering, fallback)).toBe('dependency');
    expect(await circuit.run(failing, fallback)).toBe('fallback');
    expect(circuit.state).toBe('closed');
  });

  it('opens after 3 failures in a row; then the dependency is not even tried', async () => {
    const { circuit, counted, attempts, changes } = clockedCircuit();
    for (let i = 0; i < 3; i++) await circuit.run(counted(failing), fallback);
    expect(circuit.state).toBe('open');
    expect(await circuit.run(counted(answering), fallback)).toBe('skipped');
    expect(attempts()).toBe(3);
    expect(changes).toEqual(['open']);
  });

  it('a success in between resets the count', async () => {
    const { circuit } = clockedCircuit();
    await circuit.run(failing, fallback);
    await circuit.run(failing, fallback);
    await circuit.run(answering, fallback);
    await circuit.run(failing, fallback);
    await circuit.run(failing, fallback);
    expect(circuit.state).toBe('closed');
  });

  it('after the cool-down one call probes: others keep the fallback until it answers, then it closes', async () => {
    const { circuit, advance, changes } = clockedCircuit();
    for (let i = 0; i < 3; i++) await circuit.run(failing, fallback);
    advance(999);
    expect(await circuit.run(answering, fallback)).toBe('skipped');
    advance(1);
    let answer: (value: string) => void = () => {};
    const probe = circuit.run(() => new Promise<string>((resolve) => (answer = resolve)), fallback);
    expect(circuit.state).toBe('half-open');
    expect(await circuit.run(answering, fallback)).toBe('skipped');
    answer('dependency');
    expect(await probe).toBe('dependency');
    expect(circuit.state).toBe('closed');
    expect(await circuit.run(answering, fallback)).toBe('dependency');
    expect(changes).toEqual(['open', 'half-open', 'closed']);
  });

  it('a failed probe opens it again for another cool-down', async () => {
    const { circuit, advance, counted, attempts } = clockedCircuit();
    for (let i = 0; i < 3; i++) await circuit.run(failing, fallback);
    advance(1_000);
    expect(await circuit.run(counted(failing), fallback)).toBe('fallback');
    expect(circuit.state).toBe('open');
    advance(500);
    expect(await circuit.run(counted(answering), fallback)).toBe('skipped');
    expect(attempts()).toBe(1);
    advance(500);
    expect(await circuit.run(counted(answering), fallback)).toBe('dependency');
    expect(circuit.state).toBe('closed');
  });
});
