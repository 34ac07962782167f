import { describeSingleEdit, findSingleEdit } from './single-edit.js';

const V = '903e1cef84b34500a9a5b2ca219f76f5cm2';

describe('findSingleEdit', () => {
  it('returns null for equal strings and for strings two or more edits apart', () => {
    expect(findSingleEdit(V, V)).toBeNull();
    expect(findSingleEdit(V, V.replace('903e', '913f'))).toBeNull();
    expect(findSingleEdit(V, `${V}xy`)).toBeNull();
    expect(findSingleEdit(V, V.slice(2))).toBeNull();
    expect(findSingleEdit('abc', 'cba')).toBeNull();
  });

  it('finds a substitution, at the start, middle and end', () => {
    expect(findSingleEdit(V, `x${V.slice(1)}`)).toEqual({ kind: 'substitution', index: 0, actual: 'x', wanted: '9' });
    expect(findSingleEdit(V, V.replace('84b3', '84c3'))).toEqual({ kind: 'substitution', index: 10, actual: 'c', wanted: 'b' });
    expect(findSingleEdit(V, `${V.slice(0, -1)}3`)).toEqual({ kind: 'substitution', index: V.length - 1, actual: '3', wanted: '2' });
  });

  it('finds an insertion (index in the found string)', () => {
    expect(findSingleEdit(V, V.replace('84b3', '84bx3'))).toEqual({ kind: 'insertion', index: 11, actual: 'x' });
    expect(findSingleEdit(V, `${V}.`)).toEqual({ kind: 'insertion', index: V.length, actual: '.' });
    expect(findSingleEdit(V, ` ${V}`)).toEqual({ kind: 'insertion', index: 0, actual: ' ' });
  });

  it('reports a doubled character at the end of its run', () => {
    expect(findSingleEdit(V, V.replace('4500', '45000'))).toEqual({ kind: 'insertion', index: 16, actual: '0' });
  });

  it('finds a deletion (index in the expected string)', () => {
    expect(findSingleEdit(V, V.replace('a9a5', 'a95'))).toEqual({ kind: 'deletion', index: 18, wanted: 'a' });
    expect(findSingleEdit(V, V.slice(1))).toEqual({ kind: 'deletion', index: 0, wanted: '9' });
    expect(findSingleEdit(V, V.slice(0, -1))).toEqual({ kind: 'deletion', index: V.length - 1, wanted: '2' });
  });

  it('finds two adjacent characters swapped', () => {
    expect(findSingleEdit(V, V.replace('84b3', '8b43'))).toEqual({ kind: 'transposition', index: 9, actual: 'b4', wanted: '4b' });
    expect(findSingleEdit('ab', 'ba')).toEqual({ kind: 'transposition', index: 0, actual: 'ba', wanted: 'ab' });
  });

  it('counts code points, not UTF-16 units', () => {
    expect(findSingleEdit('a😀b', 'a😀c')).toEqual({ kind: 'substitution', index: 2, actual: 'c', wanted: 'b' });
  });
});

describe('describeSingleEdit', () => {
  it('words each kind with 1-based positions', () => {
    expect(describeSingleEdit({ kind: 'substitution', index: 10, actual: 'c', wanted: 'b' })).toBe(
      'which has one wrong character: character 11 is "c" but should be "b"',
    );
    expect(describeSingleEdit({ kind: 'insertion', index: 11, actual: 'x' })).toBe(
      'which has one extra character: "x" at position 12',
    );
    expect(describeSingleEdit({ kind: 'deletion', index: 18, wanted: 'a' })).toBe(
      'which is missing one character: "a" at position 19',
    );
    expect(describeSingleEdit({ kind: 'transposition', index: 9, actual: 'b4', wanted: '4b' })).toBe(
      'which has two characters swapped at positions 10 and 11: "b4" should be "4b"',
    );
  });

  it('names whitespace characters', () => {
    expect(describeSingleEdit({ kind: 'insertion', index: 3, actual: ' ' })).toBe('which has one extra character: a space at position 4');
    expect(describeSingleEdit({ kind: 'substitution', index: 0, actual: '\t', wanted: 'a' })).toBe(
      'which has one wrong character: character 1 is a tab but should be "a"',
    );
  });
});
