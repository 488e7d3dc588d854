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

  disableWelcomeMessage: true,

  // Atende's own pages (administration: message templates, and the pages that follow)
  links: [
    {
      label: 'Atende: modelos de mensagem',
      href: '/atende/templates.html',
      description: 'Modelos (HSM) do WhatsApp: criar, editar, excluir e escolher a fila das respostas'
    },
    {
      label: 'Atende: atendentes',
      href: '/atende/agents.html',
      description: 'Números do WhatsApp de cada atendente e quantas conversas pode ter ao mesmo tempo'
    }
  ]
};
