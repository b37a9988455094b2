/**
 * Chat Post Survey E-Mail Transcript: called after a chat's survey is submitted, with
 * input.payload = { csatRank (1-5), skillName, agentName, questionWithAnswers }.
 * Return the e-mails that should receive the chat's transcript, each
 * { targetEmail, senderName, senderEmail, subject }; [] sends none.
 */
// eslint-disable-next-line no-unused-vars -- the platform calls lambda; this form needs no export
function lambda(input, callback) {
  const { csatRank, skillName, agentName } = input.payload;
  const emails = [];
  // Escalate poorly rated chats to a supervisor (a rank of -1 or less means "not answered").
  if (csatRank > -1 && csatRank <= 3) {
    emails.push({
      targetEmail: "supervisor@example.com",
      senderName: "Customer Care",
      senderEmail: "noreply@example.com",
      subject: `Chat with ${agentName} (${skillName}) rated ${csatRank}/5`,
    });
  }
  callback(null, emails);
}
