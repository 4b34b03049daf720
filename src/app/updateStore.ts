import { create } from 'zustand'

interface UpdateState {
  /** Set when a new build is installed and waiting: activates it and reloads the page. */
  apply: (() => void) | undefined
}

/** Whether a new version waits for the user's go-ahead (see UpdateNotice and pwa.ts). */
export const useUpdateStore = create<UpdateState>(() => ({ apply: undefined }))
