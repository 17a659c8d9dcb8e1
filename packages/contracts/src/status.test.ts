import { describe, expect, it } from 'vitest';
import { orderStatuses, prospectStatuses } from './enums';
import { nextProspectStatuses, orderTransitions, prospectMoveAllowed } from './status';

describe('order transitions', () => {
  it('lead only to known states, and delivered, cancelled and returned are final', () => {
    for (const from of orderStatuses) {
      for (const to of orderTransitions[from]) expect(orderStatuses).toContain(to);
    }
    expect(orderTransitions.delivered).toEqual([]);
    expect(orderTransitions.cancelled).toEqual([]);
    expect(orderTransitions.returned).toEqual([]);
  });
});

describe('prospect moves', () => {
  it('go forward along the funnel or to lost, and a lost prospect comes back only as contacted', () => {
    expect(nextProspectStatuses('new')).toEqual(['contacted', 'qualified', 'customer', 'lost']);
    expect(nextProspectStatuses('qualified')).toEqual(['customer', 'lost']);
    expect(nextProspectStatuses('customer')).toEqual(['lost']);
    expect(nextProspectStatuses('lost')).toEqual(['contacted']);
    expect(prospectMoveAllowed('customer', 'new')).toBe(false);
  });

  it('offer every state but the current one to a screen only when the server would accept it', () => {
    for (const from of prospectStatuses) {
      for (const to of nextProspectStatuses(from)) expect(prospectMoveAllowed(from, to)).toBe(true);
    }
  });
});
