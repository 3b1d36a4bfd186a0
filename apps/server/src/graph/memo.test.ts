import { memo } from './memo.js';

it('works a key out once, forgets the least recently used past its size, and remembers no failure', () => {
  const asked: string[] = [];
  const length = memo(2, (key: string) => {
    asked.push(key);
    if (key === 'bad') throw new Error('no');
    return key.length;
  });
  expect([length('a'), length('bb'), length('a')]).toEqual([1, 2, 1]);
  expect(asked).toEqual(['a', 'bb']);
  length('ccc'); // 'bb' is forgotten: 'a' was used after it
  length('a');
  length('bb');
  expect(asked).toEqual(['a', 'bb', 'ccc', 'bb']);
  expect(length.size).toBe(2);
  expect(() => length('bad')).toThrow('no');
  expect(() => length('bad')).toThrow('no');
  expect(asked.filter((key) => key === 'bad')).toHaveLength(2);
});
