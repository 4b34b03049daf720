import { afterEach, describe, expect, it } from 'vitest'
import { i18n } from '../../i18n'
import { buttonNamed, fieldNamed } from './domTargets'

describe('contract names in the language shown', () => {
  afterEach(async () => {
    document.body.innerHTML = ''
    await i18n.changeLanguage('en')
  })

  it('finds the subscription filter and the Copy link button in English and in Chinese', async () => {
    for (const lng of ['en', 'zh']) {
      await i18n.changeLanguage(lng)
      const label = i18n.t('Topic filter', { ns: 'subscriptions' })
      const copy = i18n.t('Copy link', { ns: 'connection' })
      document.body.innerHTML = `<label for="f">${label}</label><input id="f"><button>${copy}</button>`
      expect(fieldNamed({ ns: 'subscriptions', key: 'Topic filter' })).toBe(
        document.getElementById('f'),
      )
      expect(buttonNamed({ ns: 'connection', key: 'Copy link' })?.textContent).toBe(copy)
    }
    // The two languages really differ, so the lookup is not matching English twice.
    expect(i18n.getFixedT('zh', 'subscriptions')('Topic filter')).not.toBe('Topic filter')
  })

  it('finds nothing for a field labelled otherwise', () => {
    document.body.innerHTML = '<label for="f">Something else</label><input id="f">'
    expect(fieldNamed({ ns: 'subscriptions', key: 'Topic filter' })).toBeUndefined()
  })
})
