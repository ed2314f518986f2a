// Parsers for numeric flags, so a bad value stops the command with one line
// naming the flag instead of running with NaN.
import { InvalidArgumentError } from 'commander';

export function integerOption(min: number, max = Number.MAX_SAFE_INTEGER) {
  return (raw: string): number => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}, got '${raw}'.`);
    }
    return n;
  };
}

export function rateOption(raw: string): number {
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || n > 1) {
    throw new InvalidArgumentError(`expected a share from 0 to 1, got '${raw}'.`);
  }
  return n;
}

export function flavorOption(raw: string): 'datacenter' | 'cloud' {
  if (raw !== 'datacenter' && raw !== 'cloud') {
    throw new InvalidArgumentError(`expected 'datacenter' or 'cloud', got '${raw}'.`);
  }
  return raw;
}
