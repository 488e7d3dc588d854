// Atende configuration of the Camunda Welcome app (profile, password, app links; replaces the webjar's
// app/welcome/scripts/config.js). Options: https://docs.camunda.org/manual/7.24/webapps/welcome/configuration/
export default {
  app: {
    vendor: 'Atende',
    name: 'Início'
  },

  // Same rule as Tasklist: pt-BR unless the browser asks for English.
  locales: {
    availableLocales: ['pt-BR', 'en'],
    fallbackLocale: 'pt-BR'
  },

  disableWelcomeMessage: true
};
