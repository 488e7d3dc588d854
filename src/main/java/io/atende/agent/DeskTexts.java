package io.atende.agent;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Texts the desk shows agents ({@code atende.desk.texts.*}), Brazilian Portuguese by default. */
@ConfigurationProperties("atende.desk.texts")
record DeskTexts(
    @DefaultValue("A janela de 24 horas do cliente está fechada: mensagens livres não podem ser enviadas. "
        + "Envie um template aprovado (recontato) para reabrir a conversa.") String windowClosed) {}
