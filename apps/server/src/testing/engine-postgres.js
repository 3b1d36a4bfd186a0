process.env.STUB_TEST_ENGINE = 'postgres';
