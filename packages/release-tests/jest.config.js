// One suite at a time: packages.test.ts measures the installed stub against the repository's, which the README's
// walk-through (readme.test.ts) running beside it would disturb.
module.exports = { ...require('../../jest.preset.js'), maxWorkers: 1 };
