import './styles.css';

import { createApp, watch } from 'vue';

import App from './App.vue';
import { createAppI18n, setLocale, type AppLocale } from './i18n';
import { router, signInRoute } from './router';
import { whenSessionEnds } from './session';

const i18n = createAppI18n();
setLocale(i18n, i18n.global.locale.value as AppLocale, false);
whenSessionEnds(() => {
  if (router.currentRoute.value.path !== '/sign-in') void router.push(signInRoute(router.currentRoute.value));
});

router.afterEach((to) => {
  const title = to.meta.title ? `${i18n.global.t(to.meta.title)} · ` : '';
  document.title = `${title}${i18n.global.t('app.name')}`;
});
watch(i18n.global.locale, () => {
  const title = router.currentRoute.value.meta.title;
  document.title = `${title ? `${i18n.global.t(title)} · ` : ''}${i18n.global.t('app.name')}`;
});

createApp(App, { i18n }).use(i18n).use(router).mount('#app');
