// Decision 766 scoring with real numbers: the rule (Pmax at or above the target, in proportion
// below it, R × Pmax without a target), the points of a month's counts, and the indicators the
// data cannot support, listed with a reason instead of a figure.
import { describe, expect, it } from 'vitest';
import {
  indicatorMaxPoints,
  indicatorPoints,
  noCounts,
  serviceIndex,
  serviceIndexGroups,
  serviceIndicators,
  type IndicatorResult,
  type ServiceCounts,
} from './service-index.js';

const scored = (results: readonly IndicatorResult[], id: string) => {
  const found = results.find((i) => i.id === id);
  if (found?.support !== 'scored') throw new Error(`${id} is not scored`);
  return found;
};

describe('the scoring rule', () => {
  it('gives the full points at or above the target', () => {
    expect(indicatorPoints(0.6, 0.5, 4)).toBe(4);
    expect(indicatorPoints(0.5, 0.5, 4)).toBe(4);
    expect(indicatorPoints(0.93, 0.9, 6)).toBe(6);
  });

  it('gives points in proportion below the target', () => {
    expect(indicatorPoints(0.3, 0.5, 4)).toBeCloseTo(2.4, 10);
    expect(indicatorPoints(0.7, 0.8, 4.4)).toBeCloseTo(3.85, 10);
    expect(indicatorPoints(0.81, 0.9, 6)).toBeCloseTo(5.4, 10);
    expect(indicatorPoints(0, 0.5, 4)).toBe(0);
  });

  it('gives R × Pmax without a target', () => {
    expect(indicatorPoints(0.95, null, 10)).toBeCloseTo(9.5, 10);
    expect(indicatorPoints(1, null, 10)).toBe(10);
  });
});

describe('the groups and indicators', () => {
  it('share 100 points between six groups, and each group’s points between its indicators', () => {
    expect(serviceIndexGroups.map((g) => [g.number, g.name, g.maxPoints])).toEqual([
      [1, 'Công khai, minh bạch', 18],
      [2, 'Tiến độ giải quyết', 20],
      [3, 'Dịch vụ công trực tuyến', 12],
      [4, 'Thanh toán trực tuyến', 10],
      [5, 'Số hóa hồ sơ', 22],
      [6, 'Mức độ hài lòng', 18],
    ]);
    for (const group of serviceIndexGroups) {
      const shares = serviceIndicators
        .filter((i) => i.group === group.id)
        .map((i) => indicatorMaxPoints(i));
      expect(
        shares.reduce((a, b) => a + b, 0),
        group.id,
      ).toBeCloseTo(group.maxPoints, 10);
    }
  });

  it('holds the targets of the portal’s formulas as data', () => {
    const targets = Object.fromEntries(serviceIndicators.map((i) => [i.id, i.target]));
    expect(targets).toMatchObject({
      on_time: null,
      online_dossiers: 0.5,
      paid_online: null,
      reused_data: 0.8,
      satisfaction: 0.9,
      online_services: 0.8,
    });
  });
});

describe('a month’s index', () => {
  // A commune's November: 200 dossiers in hand, 10 late; 180 received, 54 online, 126 with
  // data reused; 140 paid, 42 by transfer; 4 rated dissatisfied; 170 finished in 340 days.
  const november: ServiceCounts = {
    handled: 200,
    late: 10,
    received: 180,
    online: 54,
    reused: 126,
    paid: 140,
    paidOnline: 42,
    dissatisfied: 4,
    completed: 170,
    completedDays: 340,
  };

  it('scores each indicator the data supports', () => {
    const { indicators, points, maxPoints } = serviceIndex(november);
    expect(scored(indicators, 'on_time')).toMatchObject({
      numerator: 190,
      denominator: 200,
      rate: 0.95,
      maxPoints: 10,
    });
    expect(scored(indicators, 'on_time').points).toBeCloseTo(9.5, 10);
    expect(scored(indicators, 'online_dossiers')).toMatchObject({ rate: 0.3, maxPoints: 4 });
    expect(scored(indicators, 'online_dossiers').points).toBeCloseTo(2.4, 10);
    expect(scored(indicators, 'paid_online').rate).toBeCloseTo(0.3, 10);
    expect(scored(indicators, 'paid_online').points).toBeCloseTo(1, 10);
    expect(scored(indicators, 'reused_data').rate).toBeCloseTo(0.7, 10);
    expect(scored(indicators, 'reused_data').points).toBeCloseTo(3.85, 10);
    // 100 % − (5 % late + 2 % dissatisfied) = 93 %, above the 90 % target: full points.
    expect(scored(indicators, 'satisfaction')).toMatchObject({
      numerator: 186,
      denominator: 200,
      rate: 0.93,
      points: 6,
    });
    expect(indicators.find((i) => i.id === 'processing_days')).toMatchObject({
      support: 'measured',
      value: 2,
    });
    expect(points).toBeCloseTo(22.75, 10);
    expect(maxPoints).toBeCloseTo(10 + 4 + 10 / 3 + 4.4 + 6, 10);
  });

  it('scores satisfaction in proportion when late and dissatisfied dossiers pass 10 %', () => {
    const { indicators } = serviceIndex({ ...noCounts, handled: 100, late: 15, dissatisfied: 5 });
    expect(scored(indicators, 'satisfaction').rate).toBeCloseTo(0.8, 10);
    expect(scored(indicators, 'satisfaction').points).toBeCloseTo((0.8 / 0.9) * 6, 10);
    expect(scored(indicators, 'on_time').points).toBeCloseTo(8.5, 10);
  });

  it('gives no rate and no points where nothing was counted', () => {
    const { indicators, points, maxPoints } = serviceIndex(noCounts);
    for (const i of indicators)
      if (i.support === 'scored') expect([i.id, i.rate, i.points]).toEqual([i.id, null, null]);
    expect(indicators.find((i) => i.id === 'processing_days')).toMatchObject({ value: null });
    expect([points, maxPoints]).toEqual([0, 0]);
  });

  it('lists the indicators the data cannot support, with the reason, and no figure', () => {
    const unsupported = serviceIndex(november).indicators.filter(
      (i) => i.support === 'unsupported',
    );
    expect(unsupported.map((i) => i.code)).toEqual([
      '1.1',
      '1.2',
      '1.3',
      '1.4',
      '3.1',
      '3.2',
      '4.1',
      '4.2',
      '5.1',
      '5.2',
      '5.4',
      '5.5',
      '6.1',
      '6.2',
    ]);
    for (const i of unsupported) {
      expect(i).not.toHaveProperty('rate');
      expect(i).not.toHaveProperty('points');
      expect(i.reason.length).toBeGreaterThan(10);
    }
  });
});
