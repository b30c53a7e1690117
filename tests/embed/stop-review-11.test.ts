/** Stop review 11: `data-leadflow-min-fill-ms` and true/false attributes (src/embed/options.ts). */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readDataOptions } from '../../src/embed/index.ts';

afterEach(() => vi.restoreAllMocks());

const element = (attributes: Record<string, string>) => {
  const div = document.createElement('div');
  div.setAttribute('data-leadflow', '#flow');
  for (const [name, value] of Object.entries(attributes)) div.setAttribute(`data-leadflow-${name}`, value);
  return div;
};

describe('readDataOptions: min-fill-ms', () => {
  it('reads 0, exponent and padded numbers as written, and refuses a decimal comma with a warning', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const read = (value: string) => readDataOptions(element({ 'min-fill-ms': value })).minFillMs;
    expect(['0', '1e3', ' 800 ', '1,5', '2.5'].map(read)).toEqual([0, 1000, 800, 1500, 2.5]);
    expect(warn.mock.calls.map(([m]) => m)).toEqual(['LeadFlow: data-leadflow-min-fill-ms="1,5" is not a number ≥ 0, the default is used']);
  });

  it('re-reading the element on a re-mount gives the same options', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const div = element({ 'min-fill-ms': '900', resume: '', lazy: 'false', datalayer: '' });
    expect(readDataOptions(div)).toEqual(readDataOptions(div));
    expect(readDataOptions(div)).toMatchObject({ minFillMs: 900, resume: true, lazy: false, dataLayer: true });
  });
});

describe('readDataOptions: true/false attributes', () => {
  it('false turns each off; a value it does not know keeps the default and warns', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(readDataOptions(element({ lazy: 'false', resume: 'false', datalayer: 'false' }))).toMatchObject({ lazy: false, resume: false, dataLayer: false });
    expect(warn).not.toHaveBeenCalled();
    expect(readDataOptions(element({ resume: 'no', datalayer: 'yes' }))).toMatchObject({ resume: true, dataLayer: false });
    expect(warn).toHaveBeenCalledTimes(2);
  });

  // Was: a site owner who writes data-leadflow-lazy="no" (or resume="off", datalayer="yes")
  // reads in the console `LeadFlow: data-leadflow-lazy="no" is not true,false,, the default is
  // used`: the empty value added for "written without a value" is joined into the list as
  // nothing, a doubled comma, and the message never says that the bare attribute is allowed.
  // Cause: src/embed/options.ts `checkAttributes` interpolates `${values}` (Array#toString)
  // now that BOOLEAN / VALUES.datalayer hold ''. Fixed: the list is printed without ''.
  it('names the values a true/false attribute takes without an empty item', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    readDataOptions(element({ lazy: 'no' }));
    const message = String(warn.mock.calls[0]![0]);
    expect(message).toMatch(/^LeadFlow: data-leadflow-lazy="no" is not /);
    expect(message).not.toMatch(/,\s*,/);
  });
});
