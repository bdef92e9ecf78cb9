import { describe, expect, it } from 'vitest';
import { languages } from './languages.js';
import { catalogues, translate } from './messages.js';
import { vi } from './messages-vi.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogue', () => {
  for (const lang of languages)
    describe(lang, () => {
      const messages = catalogues[lang];
      it('has exactly the Vietnamese keys', () => {
        expect(Object.keys(messages).sort()).toEqual(Object.keys(vi).sort());
      });
      it('uses the same placeholders as the Vietnamese text in every message', () => {
        for (const [key, text] of Object.entries(messages))
          expect(placeholders(text), key).toEqual(placeholders(vi[key as keyof typeof vi]));
      });
      it('has no empty message and every text in NFC', () => {
        for (const [key, text] of Object.entries(messages)) {
          expect(text.trim(), key).not.toBe('');
          expect(text.normalize('NFC'), key).toBe(text);
        }
      });
    });

  it('fills placeholders and groups numbers the way each language writes them', () => {
    expect(translate('vi', 'home.province_admin.communes', { count: 3321 })).toBe(
      'Số xã, phường, đặc khu trong tỉnh: 3.321',
    );
    expect(translate('en', 'home.province_admin.communes', { count: 3321 })).toBe(
      'Communes, wards and special zones in the province: 3,321',
    );
    expect(translate('vi', 'home.greeting', { name: 'Võ Thị Hồng Nhung' })).toBe(
      'Xin chào, Võ Thị Hồng Nhung',
    );
  });

  it('keeps Vietnamese diacritics intact in Vietnamese texts', () => {
    expect(vi['role.receiving_officer']).toBe('Công chức tiếp nhận');
    expect(vi['node.commune']).toBe('Trung tâm Phục vụ hành chính công');
  });
});
