// The public-asset rules: how areas and dates are read, every rule of an entry and a need, what
// an update changed, how long an asset has stood empty, and which empty assets could serve a
// need (and in what order).
import { describe, expect, it } from 'vitest';
import {
  assetFields,
  assetProblems,
  assetUpdatedPayload,
  candidatesFor,
  changedFields,
  facilityNeedKinds,
  isIsoDate,
  needProblems,
  needReportedPayload,
  needsAttention,
  parseArea,
  resolutionProblems,
  servingKinds,
  toDm2,
  vacancyLength,
  type AssetFacts,
  type AssetSummary,
} from './assets.js';

const TODAY = '2026-11-26';

const asset = (changes: Partial<AssetFacts> = {}): AssetFacts => ({
  name: 'Trụ sở UBND xã Hòa Ninh (cũ)',
  kind: 'headquarters',
  address: 'Thôn An Sơn, xã Bà Nà',
  formerUnit: 'UBND xã Hòa Ninh',
  landAreaM2: 2400,
  floorAreaM2: 620.5,
  condition: 'good',
  use: 'vacant',
  vacantSince: '2025-07-01',
  notes: '',
  ...changes,
});

describe('reading what was typed', () => {
  it('accepts real calendar dates only', () => {
    expect(isIsoDate('2025-07-01')).toBe(true);
    expect(isIsoDate('2024-02-29')).toBe(true);
    for (const bad of ['2026-02-29', '2026-02-30', '2026-13-01', '2026-7-1', '01/07/2025', ''])
      expect(isIsoDate(bad), bad).toBe(false);
  });

  it('reads an area with a comma or a dot and at most two decimals; empty is none', () => {
    expect(parseArea('')).toEqual({ ok: true, value: null });
    expect(parseArea('  ')).toEqual({ ok: true, value: null });
    expect(parseArea('245,5')).toEqual({ ok: true, value: 245.5 });
    expect(parseArea(' 1250.75 ')).toEqual({ ok: true, value: 1250.75 });
    expect(parseArea('80')).toEqual({ ok: true, value: 80 });
    // "1.250" is 1250 to a Vietnamese reader and 1.25 to an English one: refused, not guessed.
    for (const bad of ['1.250', '1.250,5', '1,2,3', '-5', '12a', '2e3', '245,', ',5', '1 250'])
      expect(parseArea(bad), bad).toEqual({ ok: false });
  });

  it('keeps areas exactly in dm²', () => {
    expect(toDm2(620.5)).toBe(62050);
    expect(toDm2(0.29)).toBe(29);
    expect(toDm2(1_000_000)).toBe(100_000_000);
  });
});

describe('the rules of an entry', () => {
  it('accepts a vacant asset with its date, and assets in use without one', () => {
    expect(assetProblems(asset(), TODAY)).toEqual([]);
    expect(assetProblems(asset({ vacantSince: TODAY }), TODAY)).toEqual([]);
    expect(assetProblems(asset({ vacantSince: '2000-01-01' }), TODAY)).toEqual([]);
    for (const use of [
      'main_office',
      'secondary_office',
      'other_purpose',
      'pending_disposal',
    ] as const)
      expect(assetProblems(asset({ use, vacantSince: null }), TODAY), use).toEqual([]);
    expect(assetProblems(asset({ landAreaM2: null, floorAreaM2: null }), TODAY)).toEqual([]);
  });

  it('wants the vacancy date exactly when the asset is vacant', () => {
    expect(assetProblems(asset({ vacantSince: null }), TODAY)).toEqual([
      { field: 'vacantSince', code: 'vacant_since_required' },
    ]);
    expect(assetProblems(asset({ use: 'main_office' }), TODAY)).toEqual([
      { field: 'vacantSince', code: 'vacant_since_not_vacant' },
    ]);
    expect(assetProblems(asset({ use: 'pending_disposal' }), TODAY)).toEqual([
      { field: 'vacantSince', code: 'vacant_since_not_vacant' },
    ]);
  });

  it('refuses a vacancy date after today or before 2000', () => {
    expect(assetProblems(asset({ vacantSince: '2026-11-27' }), TODAY)).toEqual([
      { field: 'vacantSince', code: 'vacant_since_future' },
    ]);
    expect(assetProblems(asset({ vacantSince: '1999-12-31' }), TODAY)).toEqual([
      { field: 'vacantSince', code: 'vacant_since_too_early', params: { earliest: '01/01/2000' } },
    ]);
  });

  it('does not let an unusable building be in use', () => {
    for (const use of ['main_office', 'secondary_office', 'other_purpose'] as const)
      expect(
        assetProblems(asset({ condition: 'unusable', use, vacantSince: null }), TODAY),
        use,
      ).toEqual([{ field: 'use', code: 'unusable_in_use' }]);
    expect(assetProblems(asset({ condition: 'unusable' }), TODAY)).toEqual([]);
    expect(
      assetProblems(
        asset({ condition: 'unusable', use: 'pending_disposal', vacantSince: null }),
        TODAY,
      ),
    ).toEqual([]);
    // Deteriorating is not unusable: still in use.
    expect(
      assetProblems(asset({ condition: 'degraded', use: 'main_office', vacantSince: null }), TODAY),
    ).toEqual([]);
  });

  it('keeps areas above 0 and at most 1,000,000 m², reporting both fields at once', () => {
    expect(assetProblems(asset({ landAreaM2: 0, floorAreaM2: 1_000_000.01 }), TODAY)).toEqual([
      { field: 'landArea', code: 'area_range', params: { max: 1_000_000 } },
      { field: 'floorArea', code: 'area_range', params: { max: 1_000_000 } },
    ]);
    expect(assetProblems(asset({ landAreaM2: 1_000_000, floorAreaM2: 0.01 }), TODAY)).toEqual([]);
  });

  it('reports every broken rule together', () => {
    expect(
      assetProblems(asset({ condition: 'unusable', use: 'main_office', landAreaM2: 0 }), TODAY).map(
        (p) => p.code,
      ),
    ).toEqual(['area_range', 'vacant_since_not_vacant', 'unusable_in_use']);
  });

  it('names the fields an update changed, in the register’s order', () => {
    const before = asset();
    expect(changedFields(before, asset())).toEqual([]);
    expect(
      changedFields(
        before,
        asset({ notes: 'Đã bàn giao chìa khóa', condition: 'degraded', floorAreaM2: 600 }),
      ),
    ).toEqual(['floorAreaM2', 'condition', 'notes']);
    expect(changedFields(before, asset({ use: 'main_office', vacantSince: null }))).toEqual([
      'use',
      'vacantSince',
    ]);
    expect(assetFields).toHaveLength(10);
  });

  it('an update event carries a full version and at least one changed field', () => {
    expect(
      assetUpdatedPayload.safeParse({ version: 2, facts: asset(), changed: ['notes'] }).success,
    ).toBe(true);
    expect(assetUpdatedPayload.safeParse({ version: 2, facts: asset(), changed: [] }).success).toBe(
      false,
    );
    expect(
      assetUpdatedPayload.safeParse({ version: 1, facts: asset(), changed: ['notes'] }).success,
    ).toBe(false);
    expect(
      assetUpdatedPayload.safeParse({ version: 2, facts: asset(), changed: ['colour'] }).success,
    ).toBe(false);
  });
});

describe('facility needs', () => {
  it('keeps the area needed above 0 and at most 1,000,000 m²', () => {
    const need = { kind: 'one_stop_desk', explanation: 'Bộ phận Một cửa chỉ có 12 m²' } as const;
    expect(needProblems({ ...need, areaNeededM2: 60 })).toEqual([]);
    expect(needProblems({ ...need, areaNeededM2: 0 })).toEqual([
      { field: 'areaNeeded', code: 'area_range', params: { max: 1_000_000 } },
    ]);
    expect(needProblems({ ...need, areaNeededM2: 2_000_000 })).toHaveLength(1);
    expect(
      needReportedPayload.safeParse({ ...need, areaNeededM2: 60, reportedOn: TODAY }).success,
    ).toBe(true);
    expect(
      needReportedPayload.safeParse({ ...need, areaNeededM2: 60, reportedOn: '26/11/2026' })
        .success,
    ).toBe(false);
  });

  it('settles an open need once, not before the day it was reported', () => {
    expect(resolutionProblems({ status: 'open', reportedOn: '2026-11-20' }, TODAY)).toEqual([]);
    expect(resolutionProblems({ status: 'open', reportedOn: TODAY }, TODAY)).toEqual([]);
    expect(resolutionProblems({ status: 'resolved', reportedOn: '2026-11-20' }, TODAY)).toEqual([
      { field: 'resolution', code: 'need_already_resolved' },
    ]);
    expect(resolutionProblems({ status: 'open', reportedOn: '2026-11-27' }, TODAY)).toEqual([
      { field: 'resolution', code: 'resolved_before_reported' },
    ]);
  });

  it('says which kinds of asset serve every kind of need', () => {
    for (const kind of facilityNeedKinds) expect(servingKinds[kind].length).toBeGreaterThan(0);
    expect(servingKinds.one_stop_desk).toEqual(['headquarters']);
    expect(servingKinds.official_housing).toEqual(['official_housing']);
  });
});

describe('how long an asset has stood empty', () => {
  it('counts days and whole months to today', () => {
    // 365 days to 01/07/2026, then 31 + 31 + 30 + 31 to 01/11, then 25.
    expect(vacancyLength('2025-07-01', TODAY)).toEqual({ days: 513, months: 16 });
    expect(vacancyLength('2026-10-27', TODAY)).toEqual({ days: 30, months: 0 });
    expect(vacancyLength('2026-10-26', TODAY)).toEqual({ days: 31, months: 1 });
    expect(vacancyLength('2026-01-31', '2026-02-28')).toEqual({ days: 28, months: 0 });
    expect(vacancyLength(TODAY, TODAY)).toEqual({ days: 0, months: 0 });
  });

  it('has no length without a date or with one after today', () => {
    expect(vacancyLength(null, TODAY)).toBeNull();
    expect(vacancyLength('2026-11-27', TODAY)).toBeNull();
  });

  it('puts unused or deteriorating assets on the overview, and only those', () => {
    expect(needsAttention({ use: 'vacant', condition: 'good' })).toBe(true);
    expect(needsAttention({ use: 'pending_disposal', condition: 'good' })).toBe(true);
    expect(needsAttention({ use: 'main_office', condition: 'degraded' })).toBe(true);
    expect(needsAttention({ use: 'secondary_office', condition: 'unusable' })).toBe(true);
    expect(needsAttention({ use: 'main_office', condition: 'good' })).toBe(false);
    expect(needsAttention({ use: 'other_purpose', condition: 'good' })).toBe(false);
  });
});

describe('the empty assets that could serve a need', () => {
  const summary = (id: string, changes: Partial<AssetSummary>): AssetSummary => ({
    id,
    unitCode: '48',
    kind: 'headquarters',
    condition: 'good',
    use: 'vacant',
    floorAreaM2: 300,
    vacantSince: '2025-07-01',
    ...changes,
  });
  const assets: AssetSummary[] = [
    summary('big-hq', { floorAreaM2: 900 }),
    summary('small-hq', { floorAreaM2: 80 }),
    summary('fit-hq-newer', { floorAreaM2: 300, vacantSince: '2025-09-01' }),
    summary('fit-hq-older', { floorAreaM2: 300, vacantSince: '2025-07-01', unitCode: '20308' }),
    summary('pending-hq', { floorAreaM2: 250, use: 'pending_disposal', vacantSince: null }),
    summary('in-use-hq', { floorAreaM2: 400, use: 'main_office', vacantSince: null }),
    summary('ruin-hq', { floorAreaM2: 500, condition: 'unusable' }),
    summary('worn-hq', { floorAreaM2: 700, condition: 'degraded' }),
    summary('unknown-area', { floorAreaM2: null }),
    summary('hall', { kind: 'hall', floorAreaM2: 260 }),
    summary('housing', { kind: 'official_housing', floorAreaM2: 120 }),
  ];

  it('keeps unused, usable assets of a serving kind with enough floor area', () => {
    expect(
      candidatesFor({ kind: 'one_stop_desk', areaNeededM2: 250 }, assets, 20).map((a) => a.id),
    ).toEqual(['pending-hq', 'fit-hq-older', 'fit-hq-newer', 'worn-hq', 'big-hq']);
  });

  it('puts the kind asked for first, then the closest fit, then the longest empty', () => {
    expect(candidatesFor({ kind: 'hall', areaNeededM2: 250 }, assets, 20).map((a) => a.id)).toEqual(
      ['hall', 'pending-hq', 'fit-hq-older', 'fit-hq-newer', 'worn-hq', 'big-hq'],
    );
  });

  it('compares areas exactly and stops at the limit', () => {
    expect(
      candidatesFor({ kind: 'headquarters', areaNeededM2: 300.01 }, assets, 20).map((a) => a.id),
    ).toEqual(['worn-hq', 'big-hq']);
    expect(candidatesFor({ kind: 'headquarters', areaNeededM2: 1 }, assets)).toHaveLength(5);
    expect(candidatesFor({ kind: 'official_housing', areaNeededM2: 121 }, assets)).toEqual([]);
    expect(
      candidatesFor({ kind: 'official_housing', areaNeededM2: 120 }, assets).map((a) => a.id),
    ).toEqual(['housing']);
  });
});
