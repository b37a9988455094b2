/**
 * Messaging Survey Started / Ended (the post-conversation survey bot): input.payload holds the
 * conversation, the survey and its dialogs. The survey bot does not use the result.
 */
// eslint-disable-next-line no-unused-vars -- the platform calls lambda; this form needs no export
function lambda(input, callback) {
  const { conversationId, surveyId, skillId } = input.payload;
  console.info(`survey ${surveyId} on conversation ${conversationId} (skill ${skillId})`);
  callback(null, "ok");
}
