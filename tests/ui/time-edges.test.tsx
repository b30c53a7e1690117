import { cleanup, fireEvent, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { expectStep, flowFrom, renderWidget } from './fixtures.tsx';

/*
 * The date question for visitors west and east of UTC (process.env.TZ, applied by Node at
 * once): a bound or an answer written back to the visitor must be the calendar day of the flow,
 * never the day before or after.
 */

const originalTz = process.env.TZ;
afterEach(() => {
  cleanup();
  if (originalTz === undefined) delete process.env.TZ;
  else process.env.TZ = originalTz;
});

const START = 'Wann möchten Sie starten?';
const SUMMARY = 'Ihr Start';
const flow = () =>
  flowFrom({
    id: 'dates',
    version: 1,
    locales: ['de', 'en'],
    steps: [
      { id: 'start', type: 'date', title: START, min: '2026-03-29', max: '2026-10-04' },
      { id: 'check', type: 'statement', title: SUMMARY, description: 'Start am {{answers.start}}' },
      { id: 'end', type: 'end', title: 'Danke' },
    ],
  });

const ZONES = ['America/Sao_Paulo', 'Pacific/Pago_Pago', 'Europe/Berlin', 'Australia/Lord_Howe', 'Pacific/Kiritimati'];

describe('the date question in the visitor\'s time zone', () => {
  it.each(ZONES)('bounds the input with the flow\'s days and names the crossed bound as that day in %s', async (zone) => {
    process.env.TZ = zone;
    const { user } = renderWidget({ flow: flow() });
    await expectStep(START);
    const field = screen.getByLabelText(START) as HTMLInputElement;
    expect([field.min, field.max]).toEqual(['2026-03-29', '2026-10-04']);
    fireEvent.input(field, { target: { value: '2026-03-28' } });
    await user.click(screen.getByRole('button', { name: 'Weiter' }));
    expect(await screen.findByText('Bitte wählen Sie ein Datum ab dem 29. März 2026.')).toBeTruthy();
    fireEvent.input(field, { target: { value: '2026-10-05' } });
    await user.click(screen.getByRole('button', { name: 'Weiter' }));
    expect(await screen.findByText('Bitte wählen Sie ein Datum bis zum 4. Oktober 2026.')).toBeTruthy();
  });

  it.each(ZONES)('keeps the chosen day as YYYY-MM-DD and writes it back as the same day in %s', async (zone) => {
    process.env.TZ = zone;
    const { user, model } = renderWidget({ flow: flow() });
    await expectStep(START);
    fireEvent.input(screen.getByLabelText(START), { target: { value: '2026-10-04' } });
    await user.click(screen.getByRole('button', { name: 'Weiter' }));
    await expectStep(SUMMARY);
    expect(screen.getByText('Start am 4. Oktober 2026')).toBeTruthy();
    expect(model.state.value.answers.start).toBe('2026-10-04');
  });
});
