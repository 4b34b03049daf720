import { defineConfig } from 'vitest/config'
import react from '@vitejs/plugin-react'

// Two projects: the data plane (engine, session core, server) runs in Node; components run in
// jsdom with Testing Library.
export default defineConfig({
  plugins: [react()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: [
            'src/engine/**/*.test.ts',
            'src/mqtt/**/*.test.ts',
            'src/codecs/**/*.test.ts',
            'src/lib/**/*.test.ts',
            'src/scripting/**/*.test.ts',
            'src/brokercheck/**/*.test.ts',
            'server/**/*.test.ts',
            // The bench's pure parts (step syntax, payload encoding, seeded saved state).
            'bench/**/*.test.ts',
          ],
          testTimeout: 15_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'ui',
          environment: 'jsdom',
          include: [
            'src/features/**/*.test.{ts,tsx}',
            'src/components/**/*.test.{ts,tsx}',
            'src/store/**/*.test.ts',
            'src/app/**/*.test.tsx',
            'src/i18n/**/*.test.{ts,tsx}',
          ],
          setupFiles: ['src/test/setup.ts'],
        },
      },
    ],
  },
})
