// The fixed sentences the functions write into a visitor's conversation (the assistant's small
// talk, its unsure, hand-over and over-budget replies, the chat stream's notices), in the widget's
// five languages: one catalogue, so a new sentence cannot ship in English only
// (tests/unit/server-i18n.test.ts checks every language has every key and the same {placeholders}).
// The widget sends its language (the website's forced one or the visitor's browser's); without
// one, and for channels that have none, English. Lines Postgres makes (the transition lines of
// public.widget_messages) are worded by the widget's own catalogue (widget/src/i18n.ts) from the
// kind widget_messages sends, not here.

export const LANGUAGES = ['en', 'vi', 'fr', 'es', 'de'] as const;
export type Language = (typeof LANGUAGES)[number];

const en = {
  /** the widget's button (widget/src/i18n.ts talkToHuman), which the replies quote as {button} */
  talkToHuman: 'Talk to a human',
  greeting: "Hello! I'm {name}. Ask me anything about our products, orders or your account.",
  thanks: "You're welcome! Is there anything else I can help with?",
  handoff: 'Of course. Choose "{button}" and leave your email: a member of our team will reply here and by email.',
  unavailable: 'I can\'t answer more questions right now, but a person can. Choose "{button}" and leave your email: our team will reply here and by email.',
  whyUnsure: "I'm not sure I can answer that from our help center.",
  whyUpset: "I'm sorry this has been frustrating.",
  whyRepeated: "It looks like my earlier answer didn't help.",
  offerPerson: '{why} Would you like to talk to a person? Choose "{button}" and leave your email.',
  passingNow: "{why} I'm passing your question to a person from our team: they will reply here and by email.",
  askEmail: "{why} I'm passing your question to a person from our team: leave your email below so they can reply.",
  channelWhyBudget: "I can't answer more questions right now.",
  channelWhyRequest: 'Of course.',
  channelPassing: "{why} I'm passing your message to a person from our team: they will reply here.",
  teamHasIt: 'The team has this conversation; they will reply here.',
  aiUnavailable: 'The assistant could not answer just now. Send your message again, or talk to a human.',
};

export type Key = keyof typeof en;
export type Catalogue = Record<Key, string>;

export const catalogues: Record<Language, Catalogue> = {
  en,
  vi: {
    talkToHuman: 'Nói chuyện với nhân viên',
    greeting: 'Xin chào! Tôi là {name}. Hãy hỏi tôi bất cứ điều gì về sản phẩm, đơn hàng hoặc tài khoản của bạn.',
    thanks: 'Không có gì! Tôi có thể giúp gì thêm cho bạn không?',
    handoff: 'Tất nhiên. Hãy chọn "{button}" và để lại email: một thành viên trong đội ngũ sẽ trả lời tại đây và qua email.',
    unavailable:
      'Hiện tôi không thể trả lời thêm câu hỏi, nhưng nhân viên của chúng tôi thì có thể. Hãy chọn "{button}" và để lại email: đội ngũ sẽ trả lời tại đây và qua email.',
    whyUnsure: 'Tôi không chắc có thể trả lời câu hỏi này từ trung tâm trợ giúp của chúng tôi.',
    whyUpset: 'Tôi rất tiếc vì bạn đã gặp phiền toái.',
    whyRepeated: 'Có vẻ câu trả lời trước của tôi chưa giúp được bạn.',
    offerPerson: '{why} Bạn có muốn nói chuyện với nhân viên không? Hãy chọn "{button}" và để lại email.',
    passingNow: '{why} Tôi đang chuyển câu hỏi của bạn cho một nhân viên trong đội ngũ: họ sẽ trả lời tại đây và qua email.',
    askEmail: '{why} Tôi đang chuyển câu hỏi của bạn cho một nhân viên trong đội ngũ: hãy để lại email bên dưới để họ có thể trả lời.',
    channelWhyBudget: 'Hiện tôi không thể trả lời thêm câu hỏi.',
    channelWhyRequest: 'Tất nhiên.',
    channelPassing: '{why} Tôi đang chuyển tin nhắn của bạn cho một nhân viên trong đội ngũ: họ sẽ trả lời tại đây.',
    teamHasIt: 'Đội ngũ đang xử lý cuộc trò chuyện này và sẽ trả lời tại đây.',
    aiUnavailable: 'Trợ lý chưa thể trả lời lúc này. Hãy gửi lại tin nhắn hoặc nói chuyện với nhân viên.',
  },
  fr: {
    talkToHuman: 'Parler à une personne',
    greeting: 'Bonjour ! Je suis {name}. Posez-moi vos questions sur nos produits, vos commandes ou votre compte.',
    thanks: 'Avec plaisir ! Puis-je vous aider pour autre chose ?',
    handoff: 'Bien sûr. Choisissez « {button} » et laissez votre e-mail : un membre de notre équipe vous répondra ici et par e-mail.',
    unavailable:
      "Je ne peux plus répondre à d'autres questions pour le moment, mais une personne le peut. Choisissez « {button} » et laissez votre e-mail : notre équipe vous répondra ici et par e-mail.",
    whyUnsure: "Je ne suis pas sûr de pouvoir répondre à cela à partir de notre centre d'aide.",
    whyUpset: 'Je suis désolé que ce soit si frustrant.',
    whyRepeated: 'Il semble que ma réponse précédente ne vous ait pas aidé.',
    offerPerson: '{why} Voulez-vous parler à une personne ? Choisissez « {button} » et laissez votre e-mail.',
    passingNow: '{why} Je transmets votre question à une personne de notre équipe : elle vous répondra ici et par e-mail.',
    askEmail: "{why} Je transmets votre question à une personne de notre équipe : laissez votre e-mail ci-dessous pour qu'elle puisse vous répondre.",
    channelWhyBudget: "Je ne peux plus répondre à d'autres questions pour le moment.",
    channelWhyRequest: 'Bien sûr.',
    channelPassing: '{why} Je transmets votre message à une personne de notre équipe : elle vous répondra ici.',
    teamHasIt: "L'équipe a repris cette conversation ; elle vous répondra ici.",
    aiUnavailable: "L'assistant n'a pas pu répondre pour le moment. Renvoyez votre message ou parlez à une personne.",
  },
  es: {
    talkToHuman: 'Hablar con una persona',
    greeting: '¡Hola! Soy {name}. Pregúntame lo que quieras sobre nuestros productos, tus pedidos o tu cuenta.',
    thanks: '¡De nada! ¿Puedo ayudarte con algo más?',
    handoff: 'Por supuesto. Elige «{button}» y deja tu correo electrónico: alguien de nuestro equipo te responderá aquí y por correo.',
    unavailable:
      'Ahora mismo no puedo responder más preguntas, pero una persona sí. Elige «{button}» y deja tu correo electrónico: nuestro equipo te responderá aquí y por correo.',
    whyUnsure: 'No estoy seguro de poder responder a eso con nuestro centro de ayuda.',
    whyUpset: 'Siento que esto esté siendo frustrante.',
    whyRepeated: 'Parece que mi respuesta anterior no te ha ayudado.',
    offerPerson: '{why} ¿Quieres hablar con una persona? Elige «{button}» y deja tu correo electrónico.',
    passingNow: '{why} Paso tu pregunta a una persona de nuestro equipo: te responderá aquí y por correo.',
    askEmail: '{why} Paso tu pregunta a una persona de nuestro equipo: deja tu correo electrónico abajo para que pueda responderte.',
    channelWhyBudget: 'Ahora mismo no puedo responder más preguntas.',
    channelWhyRequest: 'Por supuesto.',
    channelPassing: '{why} Paso tu mensaje a una persona de nuestro equipo: te responderá aquí.',
    teamHasIt: 'El equipo lleva esta conversación; te responderá aquí.',
    aiUnavailable: 'El asistente no ha podido responder ahora. Vuelve a enviar tu mensaje o habla con una persona.',
  },
  de: {
    talkToHuman: 'Mit einem Menschen sprechen',
    greeting: 'Hallo! Ich bin {name}. Fragen Sie mich alles zu unseren Produkten, Bestellungen oder Ihrem Konto.',
    thanks: 'Gern geschehen! Kann ich Ihnen noch bei etwas anderem helfen?',
    handoff: 'Natürlich. Wählen Sie „{button}“ und hinterlassen Sie Ihre E-Mail-Adresse: Jemand aus unserem Team antwortet hier und per E-Mail.',
    unavailable:
      'Ich kann gerade keine weiteren Fragen beantworten, aber ein Mensch kann es. Wählen Sie „{button}“ und hinterlassen Sie Ihre E-Mail-Adresse: Unser Team antwortet hier und per E-Mail.',
    whyUnsure: 'Ich bin nicht sicher, ob ich das mit unserem Hilfe-Center beantworten kann.',
    whyUpset: 'Es tut mir leid, dass das so ärgerlich ist.',
    whyRepeated: 'Meine vorherige Antwort hat Ihnen anscheinend nicht geholfen.',
    offerPerson: '{why} Möchten Sie mit einem Menschen sprechen? Wählen Sie „{button}“ und hinterlassen Sie Ihre E-Mail-Adresse.',
    passingNow: '{why} Ich gebe Ihre Frage an jemanden aus unserem Team weiter: Sie erhalten die Antwort hier und per E-Mail.',
    askEmail: '{why} Ich gebe Ihre Frage an jemanden aus unserem Team weiter: Hinterlassen Sie unten Ihre E-Mail-Adresse, damit wir antworten können.',
    channelWhyBudget: 'Ich kann gerade keine weiteren Fragen beantworten.',
    channelWhyRequest: 'Natürlich.',
    channelPassing: '{why} Ich gebe Ihre Nachricht an jemanden aus unserem Team weiter: Sie erhalten die Antwort hier.',
    teamHasIt: 'Das Team hat diese Unterhaltung übernommen und antwortet hier.',
    aiUnavailable: 'Der Assistent konnte gerade nicht antworten. Senden Sie Ihre Nachricht erneut oder sprechen Sie mit einem Menschen.',
  },
};

/**
 * A sentence in `language` (English when none was sent), its {placeholders} filled in; {button} is
 * the widget's "Talk to a human" button as that language labels it.
 */
export function say(language: Language | undefined, key: Key, vars: Record<string, string> = {}): string {
  const catalogue = catalogues[language ?? 'en'];
  const values: Record<string, string> = { button: catalogue.talkToHuman, ...vars };
  return catalogue[key].replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}
