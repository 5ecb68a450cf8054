/**
 * The console's routes (history mode; the service answers each of these paths with the page, see
 * src/console/console-routes.ts). Admin pages need the admin role; everyone else has their own page.
 */
import { createRouter, createWebHistory, type RouteLocationNormalized } from 'vue-router';

import { isAdmin, loadIdentity, session } from './session';

declare module 'vue-router' {
  interface RouteMeta {
    public?: boolean;
    admin?: boolean;
    /** The page's title key. */
    title?: string;
  }
}

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    // The start page depends on the role, known only once the guard below has loaded it.
    {
      path: '/',
      component: () => import('./pages/NotFoundPage.vue'),
      beforeEnter: () => (isAdmin() ? '/admin/users' : '/me'),
    },
    {
      path: '/sign-in',
      component: () => import('./pages/SignInPage.vue'),
      meta: { public: true, title: 'signIn.title' },
    },
    { path: '/me', component: () => import('./pages/MePage.vue'), meta: { title: 'me.title' } },
    { path: '/admin', redirect: '/admin/users' },
    {
      path: '/admin/users',
      component: () => import('./pages/UsersPage.vue'),
      meta: { admin: true, title: 'users.title' },
    },
    {
      path: '/admin/users/:id(\\d+)',
      component: () => import('./pages/UserPage.vue'),
      meta: { admin: true, title: 'users.title' },
    },
    {
      path: '/admin/defaults',
      component: () => import('./pages/DefaultsPage.vue'),
      meta: { admin: true, title: 'defaults.title' },
    },
    {
      path: '/admin/bulk',
      component: () => import('./pages/BulkPage.vue'),
      meta: { admin: true, title: 'bulk.title' },
    },
    {
      path: '/admin/audit',
      component: () => import('./pages/AuditPage.vue'),
      meta: { admin: true, title: 'audit.title' },
    },
    { path: '/:rest(.*)*', component: () => import('./pages/NotFoundPage.vue'), meta: { public: true } },
  ],
});

export function signInRoute(to?: RouteLocationNormalized) {
  const redirect = to && to.fullPath !== '/' && to.path !== '/sign-in' ? to.fullPath : undefined;
  return { path: '/sign-in', query: redirect ? { redirect } : {} };
}

router.beforeEach(async (to) => {
  if (to.meta.public) return true;
  if (!session.token) return signInRoute(to);
  try {
    await loadIdentity();
  } catch (error) {
    // A refused token has ended the session and set its reason; any other failure is shown on the
    // sign-in page, which offers to try again with the same token.
    if (session.token) session.identityError = error;
    return signInRoute(to);
  }
  if (to.meta.admin && !isAdmin()) return '/me';
  return true;
});
