// Atende configuration of Camunda Tasklist (replaces the webjar's app/tasklist/scripts/config.js).
// Options: https://docs.camunda.org/manual/7.24/webapps/tasklist/configuration/
export default {
  // Header and page title read "<vendor> <name>"; the login page shows <name>.
  app: {
    vendor: 'Atende',
    name: 'Tarefas'
  },

  // The browser's language picks the locale (pt-* -> pt-BR, en-* -> en); any other language gets pt-BR.
  locales: {
    availableLocales: ['pt-BR', 'en'],
    fallbackLocale: 'pt-BR'
  },

  // No "first visit" box pointing agents to Camunda's marketing welcome page.
  disableWelcomeMessage: true,

  shortcuts: {
    claimTask: {
      key: 'ctrl+alt+c',
      description: 'assume a tarefa selecionada'
    },
    focusFilter: {
      key: 'ctrl+shift+f',
      description: 'leva o foco ao primeiro filtro da lista'
    },
    focusList: {
      key: 'ctrl+alt+l',
      description: 'leva o foco à primeira tarefa da lista'
    },
    focusForm: {
      key: 'ctrl+alt+f',
      description: 'leva o foco ao primeiro campo do formulário da tarefa'
    },
    startProcess: {
      key: 'ctrl+alt+p',
      description: 'abre a janela para iniciar um processo'
    }
  }
};
