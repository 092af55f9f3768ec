import { RateLimiter } from '../../src/integrations/directline/rateLimiter';

describe('RateLimiter', () => {
  it('limits a key to its burst, then one a period over the limit', () => {
    let now = 0;
    const limiter = new RateLimiter(2, 1000, () => now);
    expect([limiter.take('a'), limiter.take('a')]).toEqual([0, 0]);
    expect(limiter.take('a')).toBe(500);
    now = 500;
    expect(limiter.take('a')).toBe(0);
  });

  it('forgets a key (an address) once it has been idle a whole period, when its bucket is full again', () => {
    let now = 0;
    const limiter = new RateLimiter(5, 60000, () => now);
    limiter.take('203.0.113.7');
    now = 30000;
    limiter.take('203.0.113.8');
    expect(limiter.size).toBe(2);
    now = 60000;
    limiter.take('203.0.113.9');
    // The first address is gone; the second, used within the period, is still limited.
    expect(limiter.size).toBe(2);
    now = 90000;
    limiter.take('203.0.113.9');
    expect(limiter.size).toBe(1);
  });
});
