import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FilterSyntaxError, compileFilter, evaluateFilter, filterProperties, parseFilter } from '../src/filter.js';
import { SET, start, type Api } from './helpers.js';

const rec = {
  msdyncrm_name: "O'Brien welcome",
  statuscode: 192350001,
  msdyncrm_customerjourneytimezone: 92,
  msdyncrm_isrecurring: true,
  msdyncrm_description: null,
  _ownerid_value: '6f0a7b8e-0000-4000-8000-00000000e001',
  msdyncrm_startdatetime: '2026-02-01T09:00:00Z',
};

describe('parseFilter / evaluateFilter', () => {
  const t = (f: string): boolean => compileFilter(f)(rec);

  it('compares strings with doubled quotes, ignoring case', () => {
    expect(t("msdyncrm_name eq 'O''Brien welcome'")).toBe(true);
    expect(t("msdyncrm_name eq 'o''brien WELCOME'")).toBe(true);
    expect(t("msdyncrm_name eq 'OBrien welcome'")).toBe(false);
    expect(parseFilter("msdyncrm_name eq 'O''Brien'")).toEqual({
      kind: 'compare',
      op: 'eq',
      left: { kind: 'property', name: 'msdyncrm_name' },
      right: { kind: 'literal', literal: { kind: 'string', value: "O'Brien" } },
    });
  });

  it('handles numbers, ne and ordering operators', () => {
    expect(t('statuscode eq 192350001')).toBe(true);
    expect(t('statuscode ne 192350001')).toBe(false);
    expect(t('msdyncrm_customerjourneytimezone gt 90 and msdyncrm_customerjourneytimezone le 92')).toBe(true);
    expect(t('msdyncrm_customerjourneytimezone lt 92')).toBe(false);
    expect(t('msdyncrm_customerjourneytimezone ge -1')).toBe(true);
  });

  it('handles and/or/not with precedence and parentheses', () => {
    expect(t('statuscode eq 1 or statuscode eq 192350001 and msdyncrm_isrecurring eq true')).toBe(true);
    expect(t('(statuscode eq 1 or statuscode eq 192350001) and msdyncrm_isrecurring eq false')).toBe(false);
    expect(t('not (statuscode eq 1)')).toBe(true);
    expect(t('not statuscode eq 192350001')).toBe(false);
    expect(t('msdyncrm_isrecurring')).toBe(true);
  });

  it('handles contains, startswith and endswith', () => {
    expect(t("contains(msdyncrm_name,'BRIEN')")).toBe(true);
    expect(t("contains(msdyncrm_name, 'x')")).toBe(false);
    expect(t("startswith(msdyncrm_name,'o''b')")).toBe(true);
    expect(t("endswith(msdyncrm_name,'come')")).toBe(true);
    expect(t("contains(msdyncrm_description,'x')")).toBe(false);
  });

  it('handles null, GUID and date-time literals', () => {
    expect(t('msdyncrm_description eq null')).toBe(true);
    expect(t('msdyncrm_description ne null')).toBe(false);
    expect(t('missing_column eq null')).toBe(true);
    expect(t('_ownerid_value eq 6F0A7B8E-0000-4000-8000-00000000E001')).toBe(true);
    expect(t('_ownerid_value eq 00000000-0000-4000-8000-00000000e001')).toBe(false);
    expect(t('msdyncrm_startdatetime gt 2026-01-01T00:00:00Z')).toBe(true);
    expect(t('msdyncrm_startdatetime lt 2026-01-01')).toBe(false);
    expect(t('statuscode gt null')).toBe(false);
  });

  it('lists the properties named', () => {
    expect(filterProperties(parseFilter("a eq 1 or (contains(b,'x') and not c)"))).toEqual(['a', 'b', 'c']);
  });

  it('reports syntax errors with a position', () => {
    for (const bad of ['', 'name eq', "name eq 'open", 'name eq 1)', '(name eq 1', 'name ~ 1', 'foo(name)', "contains(name)", 'eq 1']) {
      expect(() => parseFilter(bad), bad).toThrow(FilterSyntaxError);
    }
    try {
      parseFilter("msdyncrm_name eq 'x' and");
    } catch (error) {
      expect((error as FilterSyntaxError).position).toBe(24);
    }
  });

  it('evaluates a parsed expression directly', () => {
    expect(evaluateFilter(parseFilter('statuscode eq 192350001'), rec)).toBe(true);
  });
});

describe('$filter over HTTP', () => {
  let api: Api;
  beforeAll(async () => {
    api = await start();
    api.emulator.seed([
      { msdyncrm_name: "O'Brien", statuscode: 192350001, msdyncrm_customerjourneytimezone: 92 },
      { msdyncrm_name: 'Alpha', statuscode: 192350000, msdyncrm_customerjourneytimezone: 4, custom_field: 'x' },
      { msdyncrm_name: 'Beta', statuscode: 192350002, msdyncrm_description: 'hello world' },
    ]);
  });
  afterAll(() => api.emulator.close());

  const names = async (filter: string): Promise<string[]> => {
    const { res, body } = await api.json(`${SET}?$select=msdyncrm_name&$filter=${encodeURIComponent(filter)}`);
    expect(res.status).toBe(200);
    return body.value.map((r: any) => r.msdyncrm_name);
  };

  it('filters on any stored field', async () => {
    expect(await names("msdyncrm_name eq 'O''Brien'")).toEqual(["O'Brien"]);
    expect(await names('statuscode ne 192350001')).toEqual(['Alpha', 'Beta']);
    expect(await names("contains(msdyncrm_description,'WORLD') or startswith(msdyncrm_name,'al')")).toEqual(['Alpha', 'Beta']);
    expect(await names('not (msdyncrm_customerjourneytimezone eq null) and msdyncrm_customerjourneytimezone lt 50')).toEqual(['Alpha']);
    expect(await names("custom_field eq 'x'")).toEqual(['Alpha']);
  });

  it('accepts + for spaces as URLSearchParams writes them', async () => {
    const query = new URLSearchParams({ $filter: 'statuscode eq 192350002' }).toString();
    const { body } = await api.json(`${SET}?${query}`);
    expect(body.value.map((r: any) => r.msdyncrm_name)).toEqual(['Beta']);
  });

  it('answers 400 for a syntax error or an unknown column', async () => {
    const bad = await api.json(`${SET}?$filter=${encodeURIComponent("msdyncrm_name eq 'x")}`);
    expect(bad.res.status).toBe(400);
    expect(bad.body.error.message).toMatch(/Unterminated string/);
    const unknown = await api.json(`${SET}?$filter=${encodeURIComponent('nosuchcolumn eq 1')}`);
    expect(unknown.res.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/Could not find a property named 'nosuchcolumn'/);
  });
});
