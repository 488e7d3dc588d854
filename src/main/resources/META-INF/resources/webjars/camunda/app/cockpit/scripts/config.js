// Atende configuration of Camunda Cockpit (replaces the webjar's app/cockpit/scripts/config.js).
// Cockpit is an operators' tool and stays in the stock English/German locales.
// Options: https://docs.camunda.org/manual/7.24/webapps/cockpit/extend/configuration/
export default {
  app: {
    vendor: 'Atende',
    name: 'Cockpit'
  },
  disableWelcomeMessage: true
};
