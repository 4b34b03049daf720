import { afterEach, beforeEach } from 'vitest'
import { useAppStore } from '../store/appStore'
import { setSession } from '../store/session'
import { FakeSession } from './FakeSession'

const initialApp = useAppStore.getState()

/**
 * Registers the usual store-test setup: before each test the app store is reset and a fresh
 * FakeSession wired in (after `reset` runs, for other stores to reset too); after each test it
 * is unwired. Returns a getter for the current test's session.
 */
export function withFakeSession(reset?: () => void): () => FakeSession {
  let session = new FakeSession()
  beforeEach(() => {
    useAppStore.setState(initialApp, true)
    reset?.()
    session = new FakeSession()
    setSession(session)
  })
  afterEach(() => setSession(undefined))
  return () => session
}
