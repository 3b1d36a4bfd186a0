import { memo } from './memo.js';

it('works a key out once, forgets the oldest past its size, and remembers no failure', () => {
  const asked: string[] = [];
  const length = memo(2, (key: string) => {
    asked.push(key);
    if (key === 'bad') throw new Error('no');
    return key.length;
  });
  expect([length('a'), length('bb'), length('a')]).toEqual([1, 2, 1]);
  expect(asked).toEqual(['a', 'bb']);
  length('ccc'); // 'a' is forgotten
  length('a');
  expect(asked).toEqual(['a', 'bb', 'ccc', 'a']);
  expect(() => length('bad')).toThrow('no');
  expect(() => length('bad')).toThrow('no');
  expect(asked.filter((key) => key === 'bad')).toHaveLength(2);
});
