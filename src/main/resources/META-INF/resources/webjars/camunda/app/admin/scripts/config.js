// Atende configuration of Camunda Admin (replaces the webjar's app/admin/scripts/config.js).
// Admin is an operators' tool and stays in the stock English/German locales.
// Options: https://docs.camunda.org/manual/7.24/webapps/admin/configuration/
export default {
  app: {
    vendor: 'Atende',
    name: 'Admin'
  },
  disableWelcomeMessage: true
};
