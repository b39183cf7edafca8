/** Jest runs the TypeScript sources as ES modules (NestJS 12 is ESM-only). */
export default {
  testEnvironment: 'node',
  rootDir: '.',
  roots: ['<rootDir>/libs', '<rootDir>/src', '<rootDir>/test', '<rootDir>/bench'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true }] },
  moduleNameMapper: {
    '^nest-agent-auth$': '<rootDir>/libs/agent-auth/src/index.ts',
    '^nest-agent-auth/swagger$': '<rootDir>/libs/agent-auth/src/swagger/index.ts',
    '^nest-agent-auth/redis$': '<rootDir>/libs/agent-auth/src/redis/index.ts',
    '^nest-agent-auth/postgres$': '<rootDir>/libs/agent-auth/src/postgres/index.ts',
    '^nest-agent-auth/(.*?)(\\.js)?$': '<rootDir>/libs/agent-auth/src/$1',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testTimeout: 20000,
};
