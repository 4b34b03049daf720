import { act, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { i18n, LANGUAGE_STORAGE_KEY } from '.'
import { LanguageSelect } from './LanguageSelect'

describe('LanguageSelect', () => {
  afterEach(() => {
    localStorage.removeItem(LANGUAGE_STORAGE_KEY)
  })

  it('switches the UI language, the html lang and saves the choice', async () => {
    render(<LanguageSelect />)
    const select = screen.getByRole('combobox', { name: 'Language' })
    expect(select).toHaveValue('en')
    expect(document.documentElement.lang).toBe('en')

    await act(async () => {
      fireEvent.change(select, { target: { value: 'zh' } })
      await Promise.resolve()
    })
    expect(i18n.resolvedLanguage).toBe('zh')
    expect(document.documentElement.lang).toBe('zh-CN')
    expect(JSON.parse(localStorage.getItem(LANGUAGE_STORAGE_KEY) ?? 'null')).toEqual({
      version: 1,
      data: { language: 'zh' },
    })
    // The control names itself in the new language; each option keeps its own name.
    expect(screen.getByRole('combobox', { name: '语言' })).toHaveValue('zh')
    expect(screen.getByRole('option', { name: 'English' })).toBeInTheDocument()
  })

  it('says so when the choice cannot be saved, and still switches', async () => {
    const setItem = vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('blocked', 'SecurityError')
    })
    try {
      render(<LanguageSelect />)
      await act(async () => {
        fireEvent.change(screen.getByRole('combobox', { name: 'Language' }), {
          target: { value: 'zh' },
        })
        await Promise.resolve()
      })
    } finally {
      setItem.mockRestore()
    }
    expect(i18n.resolvedLanguage).toBe('zh')
    expect(screen.getByRole('status')).toHaveTextContent('浏览器存储被禁用')
  })
})
